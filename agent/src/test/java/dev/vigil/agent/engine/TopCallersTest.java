package dev.vigil.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.FakeTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TopCallersTest {
  private final FakeTicker ticker = new FakeTicker();
  private final TopCallers top = new TopCallers(ticker);

  @Test
  void refusalsArePerMinuteAndFadeOnceTheCallerStops() {
    for (int i = 0; i < 120; i++) {
      top.refused("ip:203.0.113.9", "per-ip");
      ticker.advance(Duration.ofMillis(500));
    }
    TopCallers.Row row = top.mostRefused(5).get(0);
    assertThat(row.caller).isEqualTo("ip:203.0.113.9");
    assertThat(row.lastRule).isEqualTo("per-ip");
    assertThat(row.perMinute).as("two a second").isBetween(100L, 140L);

    ticker.advance(Duration.ofSeconds(30));
    assertThat(top.mostRefused(5).get(0).perMinute).as("half a minute later, half of it").isBetween(40L, 80L);
    ticker.advance(Duration.ofMinutes(2));
    assertThat(top.mostRefused(5)).as("quiet for two minutes: gone").isEmpty();
  }

  @Test
  void sampledRequestsAreScaledBackAndShownAsAddresses() {
    for (int i = 0; i < 10; i++) {
      top.sampled("198.51.100.7");
    }
    TopCallers.Row row = top.busiest(5).get(0);
    assertThat(row.caller).isEqualTo("ip:198.51.100.7");
    assertThat(row.perMinute).isEqualTo(10L * TopCallers.SAMPLE_ONE_IN);
  }
}
