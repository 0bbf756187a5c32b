package dev.vigil.agent.telemetry;

import dev.vigil.agent.telemetry.export.ExportAccount;
import dev.vigil.bootstrap.AgentLog;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import java.util.Map;

/**
 * Vigil's metrics, all observed at collection time from counters the engine keeps anyway, so
 * recording costs the request path nothing. Attributes are low-cardinality: action, rule (from
 * the policy), enforced, table, signal; never a caller.
 */
final class VigilMetrics {
  private static final AttributeKey<String> ACTION = AttributeKey.stringKey(TelemetryNames.ACTION);
  private static final AttributeKey<String> RULE = AttributeKey.stringKey(TelemetryNames.RULE_NAME);
  private static final AttributeKey<Boolean> ENFORCED = AttributeKey.booleanKey(TelemetryNames.ENFORCED);
  private static final AttributeKey<String> TABLE = AttributeKey.stringKey(TelemetryNames.TABLE);
  private static final AttributeKey<String> SIGNAL = AttributeKey.stringKey(TelemetryNames.SIGNAL);

  private VigilMetrics() {}

  static void register(Meter meter, EngineStats stats, ExportAccount... accounts) {
    meter.counterBuilder(TelemetryNames.REQUESTS).setDescription("Requests Vigil has seen").setUnit("{request}")
        .buildWithCallback(m -> m.record(stats.requestsSeen()));
    meter.counterBuilder(TelemetryNames.DECISIONS).setDescription("Throttle, block and lockout decisions, enforced or monitored")
        .setUnit("{decision}")
        .buildWithCallback(
            m -> {
              for (EngineStats.DecisionTally tally : stats.decisions()) {
                m.record(tally.count, Attributes.of(ACTION, tally.action, RULE, tally.rule, ENFORCED, tally.enforced));
              }
            });
    meter.upDownCounterBuilder(TelemetryNames.ACTIVE_LOCKOUTS).setDescription("Login lockouts in force now").setUnit("{lockout}")
        .buildWithCallback(m -> m.record(stats.activeLockouts()));
    meter.upDownCounterBuilder(TelemetryNames.TRACKED_CALLERS).setDescription("Caller keys held by the rate-limit tables").setUnit("{caller}")
        .buildWithCallback(m -> m.record(stats.trackedCallers()));
    meter.counterBuilder(TelemetryNames.EVICTIONS).setDescription("Entries pushed out of a full table").setUnit("{entry}")
        .buildWithCallback(
            m -> {
              for (Map.Entry<String, Long> table : stats.evictions().entrySet()) {
                m.record(table.getValue(), Attributes.of(TABLE, table.getKey()));
              }
            });
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
