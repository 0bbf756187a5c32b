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

  /**
   * Under an address-rotation flood every new key takes over the smallest counter and inherits its
   * count: shown as it is, each one-off address would read as hundreds of refusals a minute, and an
   * operator banning the "top" networks would ban bystanders. What is shown is what is certain.
   */
  @Test
  void aFloodOfOneOffCallersIsNotShownAsHeavy() {
    for (int i = 0; i < 20_000; i++) {
      top.refused("ip:10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255), "scan");
      if (i % 20 == 0) {
        top.refused("ip:203.0.113.9", "per-ip");
      }
    }
    java.util.List<TopCallers.Row> rows = top.mostRefused(10);
    assertThat(rows.get(0).caller).isEqualTo("ip:203.0.113.9");
    assertThat(rows.get(0).perMinute).as("at most its own 1,000").isLessThanOrEqualTo(1_000L);
    assertThat(rows.subList(1, rows.size())).as("each refused once").allSatisfy(row -> assertThat(row.perMinute).isLessThanOrEqualTo(1L));
  }
}
