package dev.vigil.agent.engine;

import dev.vigil.agent.audit.AuditEvent;
import dev.vigil.agent.audit.AuditTrail;
import dev.vigil.agent.caller.CallerKeys;
import dev.vigil.agent.config.KeyType;
import dev.vigil.agent.login.LockoutStart;
import dev.vigil.agent.login.LoginOutcome;
import dev.vigil.bootstrap.RequestContext;
import java.time.Clock;

/** How login protection's lockouts, failed logins and new lockouts reach the counters, the audit trail and telemetry. */
final class LoginRecording implements LoginLockoutDetector.LoginRecorder {
  private final DecisionRecorder decisions;
  private final DecisionCounters counters;
  private final AuditTrail audit;
  private final Clock clock;
  private final DecisionTelemetry telemetry;

  LoginRecording(DecisionRecorder decisions, DecisionCounters counters, AuditTrail audit, Clock clock, DecisionTelemetry telemetry) {
    this.decisions = decisions;
    this.counters = counters;
    this.audit = audit;
    this.clock = clock;
    this.telemetry = telemetry;
  }

  /** A locked source refused (or, monitored, that would have been): a throttle by the login scope. */
  @Override
  public void lockout(RequestContext facts, String method, String path, String client, String rule, boolean enforced, int status, long retryAfter) {
    decisions.record(facts, null, path, client, AuditEvent.THROTTLE, rule, KeyType.IP, client, enforced, status, retryAfter);
    if (enforced) {
      counters.throttled.increment();
    } else {
      counters.monitored.increment();
    }
  }

  @Override
  public void failure(RequestContext facts, String method, String path, String client, String username, LoginOutcome outcome) {
    String how = outcome == LoginOutcome.UNKNOWN_USER ? "unknown-user" : "failure";
    String key = CallerKeys.display(KeyType.IP, client == null ? "unknown" : client);
    audit.record(AuditEvent.loginFailure(clock.instant(), how, key, client, method, path));
    telemetry.loginFailure(facts, path, client, username, how);
  }

  @Override
  public void lockoutsStarted(RequestContext facts, String client, String username, LockoutStart started, boolean enforced) {
    telemetry.lockoutsStarted(facts, client, username, started, enforced);
  }
}
