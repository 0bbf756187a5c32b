package dev.vigil.agent.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.FakeTicker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditSamplerTest {
  private final FakeTicker ticker = new FakeTicker();
  private final List<AuditEvent> flushed = new ArrayList<>();
  private final AuditSampler sampler = new AuditSampler(ticker, flushed::add);
  private final List<AuditEvent> written = new ArrayList<>();

  private void decide(String client) {
    AuditEvent line = sampler.sample(
        new AuditEvent(Instant.EPOCH, AuditEvent.THROTTLE, true, "per-ip", "ip:" + client, client, "GET", "/api/x", 429, 1));
    if (line != null) {
      written.add(line);
    }
  }

  @Test
  void aFloodFromOneCallerWritesAboutOneLinePerSecondYetAccountsForEveryDecision() {
    int decisions = 0;
    for (int second = 0; second < 5; second++) {
      for (int i = 0; i < 10_000; i++) {
        decide("198.51.100.7");
        decisions++;
        ticker.advanceNanos(50_000); // 10,000 requests in half a second
      }
      ticker.advance(Duration.ofMillis(500));
    }
    sampler.flushAll();
    written.addAll(flushed);

    assertThat(written).hasSizeBetween(5, 6);
    assertThat(written.stream().mapToLong(line -> 1 + line.repeats()).sum()).isEqualTo(decisions);
    assertThat(AuditJson.line(written.get(1))).contains("\"repeats\":9999");
  }

  @Test
  void eachAbuserGetsItsOwnFirstLine() {
    decide("198.51.100.7");
    decide("198.51.100.8");
    decide("198.51.100.7");
    assertThat(written).extracting(AuditEvent::client).containsExactly("198.51.100.7", "198.51.100.8");
    assertThat(AuditJson.line(written.get(0))).doesNotContain("repeats");
  }

  @Test
  void countsPendingWhenACallerGoesQuietAreWrittenOnceItHasBeenQuietForTenSeconds() {
    decide("198.51.100.7");
    decide("198.51.100.7");
    decide("198.51.100.7");
    ticker.advance(Duration.ofSeconds(11));
    sampler.expireQuiet(); // what the audit thread does when idle
    assertThat(flushed).filteredOn(line -> line.client().equals("198.51.100.7")).singleElement()
        .satisfies(line -> assertThat(line.repeats()).isEqualTo(1));
  }
}
