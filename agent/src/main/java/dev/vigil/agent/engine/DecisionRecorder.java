package dev.vigil.agent.engine;

import dev.vigil.agent.audit.AuditEvent;
import dev.vigil.agent.audit.AuditTrail;
import dev.vigil.agent.caller.CallerKeys;
import dev.vigil.agent.config.KeyType;
import dev.vigil.agent.limit.RoutePath;
import dev.vigil.bootstrap.RequestContext;
import java.time.Clock;

/**
 * Where every throttle and block, enforced or monitored, leaves its marks: the top-callers count,
 * the per-rule tally, the audit trail and telemetry. Allowed requests never come here.
 */
final class DecisionRecorder {
  private final Clock clock;
  private final AuditTrail audit;
  private final ThrottledCallers throttledCallers;
  private final RuleTallies tallies;
  private final DecisionTelemetry telemetry;

  DecisionRecorder(Clock clock, AuditTrail audit, ThrottledCallers throttledCallers, RuleTallies tallies, DecisionTelemetry telemetry) {
    this.clock = clock;
    this.audit = audit;
    this.throttledCallers = throttledCallers;
    this.tallies = tallies;
    this.telemetry = telemetry;
  }

  /**
   * @param request null for an authentication hook without the HTTP request
   * @param route for {@code http.route}, or null
   * @param path the normalised path, or {@code auth:<hook>}
   * @param key the raw caller key (hashed already for API keys), or null when unknown
   */
  void record(
      RequestContext request,
      String route,
      String path,
      String client,
      String action,
      String rule,
      KeyType keyType,
      String key,
      boolean enforced,
      int status,
      long retryAfter) {
    String displayKey = CallerKeys.display(keyType, key == null ? "unknown" : key);
    if (AuditEvent.THROTTLE.equals(action)) {
      throttledCallers.count(displayKey);
    }
    tallies.count(action, rule, enforced);
    audit.record(new AuditEvent(clock.instant(), action, enforced, rule, displayKey, client, request == null ? null : request.method, RoutePath.kept(path), status, retryAfter));
    telemetry.decision(request, route, client, action, rule, keyType, displayKey, enforced, status, retryAfter);
  }
}
