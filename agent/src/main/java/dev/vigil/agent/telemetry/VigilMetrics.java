package dev.vigil.agent.telemetry;

import dev.vigil.agent.event.CountsSnapshot;
import dev.vigil.agent.telemetry.export.ExportAccount;
import dev.vigil.bootstrap.AgentLog;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Vigil's metrics, all observed at collection time from one {@link CountsSnapshot} (the counts the
 * shutdown summary prints too), so recording costs the request path nothing and one collection
 * walks the tables once. Attributes are low-cardinality: action, rule (from the policy or a
 * detector), enforced, table, signal (a detector's, or a telemetry signal's); never a caller.
 */
final class VigilMetrics {
  private static final AttributeKey<String> ACTION = AttributeKey.stringKey(TelemetryNames.ACTION);
  private static final AttributeKey<String> RULE = AttributeKey.stringKey(TelemetryNames.RULE_NAME);
  private static final AttributeKey<Boolean> ENFORCED = AttributeKey.booleanKey(TelemetryNames.ENFORCED);
  private static final AttributeKey<String> TABLE = AttributeKey.stringKey(TelemetryNames.TABLE);
  private static final AttributeKey<String> SIGNAL = AttributeKey.stringKey(TelemetryNames.SIGNAL);

  private VigilMetrics() {}

  /** @param counts the counts now, or null before the engine exists (zeros then) */
  static void register(Meter meter, Supplier<CountsSnapshot> counts, ExportAccount... accounts) {
    ObservableLongMeasurement requests =
        meter.counterBuilder(TelemetryNames.REQUESTS).setDescription("Requests Vigil has seen").setUnit("{request}").buildObserver();
    ObservableLongMeasurement decisions =
        meter.counterBuilder(TelemetryNames.DECISIONS).setDescription("Throttle, block and lockout decisions, enforced or monitored")
            .setUnit("{decision}").buildObserver();
    ObservableLongMeasurement lockouts =
        meter.upDownCounterBuilder(TelemetryNames.ACTIVE_LOCKOUTS).setDescription("Login lockouts in force now").setUnit("{lockout}")
            .buildObserver();
    ObservableLongMeasurement callers =
        meter.upDownCounterBuilder(TelemetryNames.TRACKED_CALLERS).setDescription("Caller keys held by the rate-limit tables")
            .setUnit("{caller}").buildObserver();
    ObservableLongMeasurement evictions =
        meter.counterBuilder(TelemetryNames.EVICTIONS).setDescription("Entries pushed out of a full table").setUnit("{entry}").buildObserver();
    ObservableLongMeasurement anomalies =
        meter.counterBuilder(TelemetryNames.ANOMALIES).setDescription("Behavioural signals that crossed their threshold, by detector rule and signal")
            .setUnit("{anomaly}").buildObserver();
    meter.batchCallback(
        () -> {
          CountsSnapshot now = counts.get();
          requests.record(now == null ? 0 : now.requests());
          lockouts.record(now == null ? 0 : now.activeLockouts());
          callers.record(now == null ? 0 : now.trackedCallers());
          if (now == null) {
            return;
          }
          for (CountsSnapshot.DecisionTally tally : now.decisions()) {
            decisions.record(tally.count, Attributes.of(ACTION, tally.action, RULE, tally.rule, ENFORCED, tally.enforced));
          }
          for (Map.Entry<String, Long> table : now.evictions().entrySet()) {
            evictions.record(table.getValue(), Attributes.of(TABLE, table.getKey()));
          }
          for (CountsSnapshot.AnomalyTally tally : now.anomalies()) {
            anomalies.record(tally.count, Attributes.of(RULE, tally.rule, SIGNAL, tally.signal));
          }
        },
        requests, decisions, lockouts, callers, evictions, anomalies);
    meter.counterBuilder(TelemetryNames.ERRORS).setDescription("Failures inside the agent (each let the request through)").setUnit("{error}")
        .buildWithCallback(m -> m.record(AgentLog.errorCount()));
    meter.counterBuilder(TelemetryNames.DROPPED).setDescription("Spans, events and metric exports lost to a full queue or a failed export")
        .setUnit("{item}")
        .buildWithCallback(
            m -> {
              for (ExportAccount account : accounts) {
                m.record(account.dropped(), Attributes.of(SIGNAL, account.signal()));
              }
            });
  }
}
