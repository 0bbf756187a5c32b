package dev.vigil.agent.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventStreamTest {
  private final List<String> seen = new ArrayList<>();

  private EventSink sink(String name) {
    return new EventSink() {
      @Override
      public void accept(VigilEvent event) {
        seen.add(name + ":" + event.rule);
      }

      @Override
      public void flushQuiet() {
        seen.add(name + ":flush");
      }
    };
  }

  @Test
  void everyEventReachesEverySinkInOrder() {
    EventStream stream = new EventStream(List.of(sink("notices"), sink("audit"), sink("otel")), false, false);
    stream.publish(VigilEvent.block("deny-list", true).build());
    stream.flushQuiet();
    assertThat(seen).containsExactly("notices:deny-list", "audit:deny-list", "otel:deny-list", "notices:flush", "audit:flush", "otel:flush");
  }

  @Test
  void saysWhatItsSinksNeedFromARequest() {
    EventStream stream = new EventStream(List.of(), true, true);
    assertThat(stream.requestSpans()).isTrue();
    assertThat(stream.traced()).isTrue();
  }
}
