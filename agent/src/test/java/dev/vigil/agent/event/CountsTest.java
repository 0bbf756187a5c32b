package dev.vigil.agent.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.FakeTicker;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CountsTest {
  private static final CountsSnapshot.Tables TABLES =
      new CountsSnapshot.Tables() {
        @Override
        public long activeLockouts() {
          return 2;
        }

        @Override
        public long trackedCallers() {
          return 40;
        }

        @Override
        public Map<String, Long> evictions() {
          return Map.of("rules", 3L);
        }
      };

  private final Counts counts = new Counts(new FakeTicker());

  private static void record(Counts counts, VigilEvent decision) {
    counts.decision(decision.rule, decision.action, decision.enforced, decision.key);
  }

  private static VigilEvent throttle(String rule, String key, boolean enforced) {
    return VigilEvent.throttle(rule, enforced, 1).key(key).build();
  }

  @Test
  void theSummaryLineSaysWhatHappenedToRequestsAndWhoWasThrottledMost() {
    for (int i = 0; i < 5; i++) {
      counts.requestSeen();
    }
    counts.requestThrottled();
    counts.requestThrottled();
    counts.requestBlocked();
    counts.requestMonitored();
    record(counts, throttle("per-ip", "ip:10.0.0.7", true));
    record(counts, throttle("per-ip", "ip:10.0.0.7", true));
    record(counts, throttle("per-ip", "ip:10.0.0.8", false));
    record(counts, VigilEvent.block("deny-list", true).key("ip:203.0.113.9").build());

    assertThat(counts.snapshot(TABLES, 0).toString())
        .isEqualTo("requests=5 allowed=2 throttled=2 blocked=1 monitored=1 blockFailed=0 topThrottled={ip:10.0.0.7=2, ip:10.0.0.8=1}");
    assertThat(counts.snapshot(TABLES, 4).toString()).contains(" blockFailed=0 auditDropped=4 topThrottled=");
  }

  @Test
  void theMetricsReadTheSameSnapshotByRuleWithTheTables() {
    record(counts, throttle("per-ip", "ip:10.0.0.7", true));
    record(counts, throttle("per-ip", "ip:10.0.0.7", false));
    record(counts, throttle("per-ip", "ip:10.0.0.8", true));
    CountsSnapshot now = counts.snapshot(TABLES, 0);
    assertThat(now.decisions())
        .extracting(t -> t.action + " " + t.rule + " " + t.enforced + " " + t.count)
        .containsExactlyInAnyOrder("throttle per-ip true 2", "throttle per-ip false 1");
    assertThat(now.activeLockouts()).isEqualTo(2);
    assertThat(now.trackedCallers()).isEqualTo(40);
    assertThat(now.evictions()).containsEntry("rules", 3L);
  }

  @Test
  void ruleRowsAreCappedAndTheRestShareOne() {
    for (int i = 0; i < 600; i++) {
      record(counts, VigilEvent.block("rule-" + i, true).key("ip:10.0.0.1").build());
    }
    CountsSnapshot now = counts.snapshot(TABLES, 0);
    assertThat(now.decisions()).hasSizeLessThanOrEqualTo(513);
    assertThat(now.decisions().stream().mapToLong(t -> t.count).sum()).isEqualTo(600);
    assertThat(now.decisions()).anySatisfy(t -> assertThat(t.rule).isEqualTo("other"));
  }

  @Test
  void anomaliesAreTalliedByRuleAndSignalWhoeverSetThemOff() {
    counts.anomaly(VigilEvent.anomaly("scan", "sensitive-path-probes", 3, "why").key("ip:10.0.0.7").build());
    counts.anomaly(VigilEvent.anomaly("scan", "sensitive-path-probes", 3, "why").key("ip:10.0.0.8").build());
    counts.anomaly(VigilEvent.anomaly("scan", "distinct-not-found-routes", 30, "why").key("ip:10.0.0.7").build());
    counts.anomaly(VigilEvent.atoSuspect("account-takeover", "success-after-failures", 5, "why").build());

    assertThat(counts.snapshot(TABLES, 0).anomalies())
        .extracting(t -> t.rule + " " + t.signal + " " + t.count)
        .containsExactlyInAnyOrder(
            "scan sensitive-path-probes 2", "scan distinct-not-found-routes 1", "account-takeover success-after-failures 1");
  }

  @Test
  void anomalyRowsAreCappedAndTheRestShareOne() {
    for (int i = 0; i < 200; i++) {
      counts.anomaly(VigilEvent.anomaly("detector-" + i, "signal", 1, "why").build());
    }
    CountsSnapshot now = counts.snapshot(TABLES, 0);
    assertThat(now.anomalies()).hasSizeLessThanOrEqualTo(129);
    assertThat(now.anomalies().stream().mapToLong(t -> t.count).sum()).isEqualTo(200);
    assertThat(now.anomalies()).anySatisfy(t -> assertThat(t.rule + " " + t.signal).isEqualTo("other other"));
  }
}
