package dev.vigil.agent.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.FakeTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepeatSamplerTest {
  private final FakeTicker ticker = new FakeTicker();
  private final List<VigilEvent> flushed = new ArrayList<>();
  private final RepeatSampler sampler = new RepeatSampler(ticker, flushed::add);
  private final List<VigilEvent> written = new ArrayList<>();

  private void decide(String client) {
    VigilEvent line = sampler.admit(VigilEvent.throttle("per-ip", true, 1).key("ip:" + client).client(client).request("GET", "/api/x", null, 0).build());
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
    assertThat(written.stream().mapToLong(line -> 1 + line.repeats).sum()).isEqualTo(decisions);
    assertThat(written.get(1).repeats).isEqualTo(9999);
  }

  @Test
  void eachAbuserGetsItsOwnFirstLine() {
    decide("198.51.100.7");
    decide("198.51.100.8");
    decide("198.51.100.7");
    assertThat(written).extracting(line -> line.client).containsExactly("198.51.100.7", "198.51.100.8");
    assertThat(written.get(0).repeats).isZero();
  }

  @Test
  void countsPendingWhenACallerGoesQuietAreWrittenOnceItHasBeenQuietForTenSeconds() {
    decide("198.51.100.7");
    decide("198.51.100.7");
    decide("198.51.100.7");
    ticker.advance(Duration.ofSeconds(11));
    sampler.flushQuiet(); // what the agent's scheduler does every second
    assertThat(flushed).filteredOn(line -> line.client.equals("198.51.100.7")).singleElement()
        .satisfies(line -> assertThat(line.repeats).isEqualTo(1));
  }

  @Test
  void failedLoginsAreThinnedApartFromDecisionsAndByOutcome() {
    VigilEvent failure = VigilEvent.loginFailure(VigilEvent.FAILURE, "/login").key("ip:198.51.100.7").build();
    VigilEvent unknownUser = VigilEvent.loginFailure(VigilEvent.UNKNOWN_USER, "/login").key("ip:198.51.100.7").build();
    decide("198.51.100.7");
    assertThat(sampler.admit(failure)).isNotNull();
    assertThat(sampler.admit(unknownUser)).isNotNull();
    assertThat(sampler.admit(failure)).isNull();
  }
}
