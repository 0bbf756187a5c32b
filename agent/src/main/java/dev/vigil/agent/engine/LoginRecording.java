package dev.vigil.agent.engine;

import dev.vigil.agent.caller.CallerKeys;
import dev.vigil.agent.config.KeyType;
import dev.vigil.agent.event.Counts;
import dev.vigil.agent.event.EventStream;
import dev.vigil.agent.event.VigilEvent;
import dev.vigil.agent.login.ExpiredLockout;
import dev.vigil.agent.login.LockoutStart;
import dev.vigil.agent.login.LoginOutcome;
import dev.vigil.agent.login.LoginScope;
import dev.vigil.bootstrap.RequestContext;
import java.util.List;

/** How login protection's refusals, failed logins, and lockouts starting and ending become counts and events. */
final class LoginRecording implements LoginRecorder {
  private final DecisionRecorder decisions;
  private final RequestEvents requests;
  private final Counts counts;
  private final EventStream events;

  LoginRecording(DecisionRecorder decisions, RequestEvents requests, Counts counts, EventStream events) {
    this.decisions = decisions;
    this.requests = requests;
    this.counts = counts;
    this.events = events;
  }

  /**
   * A locked source refused (or, monitored, that would have been): a throttle by the login scope. The
   * event reads method and path off {@code request}; without them (a hook) {@code path} names the hook.
   */
  @Override
  public void lockout(RequestContext request, String path, String client, String rule, boolean enforced, int status, long retryAfter) {
    decisions.record(
        request, VigilEvent.throttle(rule, enforced, retryAfter).status(status).caller(KeyType.IP, client).client(client).via(request == null ? path : null));
    if (enforced) {
      counts.requestThrottled();
    } else {
      counts.requestMonitored();
    }
  }

  /** @param path the login route or {@code auth:<hook>} */
  @Override
  public void failure(RequestContext request, String path, String client, String username, LoginOutcome outcome) {
    String how = outcome == LoginOutcome.UNKNOWN_USER ? VigilEvent.UNKNOWN_USER : VigilEvent.FAILURE;
    String key = CallerKeys.display(KeyType.IP, client == null ? "unknown" : client);
    events.publish(requests.withRequest(VigilEvent.loginFailure(how, path).key(key).client(client).username(username), request).build());
  }

  /**
   * A lockout event for each lockout one failure started, and an anomaly for a stuffing signal that
   * caused one. The username goes only with the scopes that are about it (user, user+address).
   */
  @Override
  public void lockoutsStarted(RequestContext request, String client, String username, LockoutStart started, boolean enforced) {
    for (LockoutStart s = started; s != null; s = s.next) {
      String rule = s.scope.ruleName();
      boolean aboutUser = s.scope == LoginScope.USER || s.scope == LoginScope.USER_IP;
      long seconds = (s.lockoutNanos + 999_999_999L) / 1_000_000_000L;
      events.publish(
          requests
              .inTraceOf(VigilEvent.lockout(rule, enforced, seconds).key(lockoutKey(s.scope, s.source)).client(client), request)
              .username(aboutUser ? username : null)
              .build());
      if (s.signal != null) {
        String why = s.signal + " reached " + s.signalValue + " for " + s.source + " within the stuffing window";
        VigilEvent anomaly = requests.inTraceOf(VigilEvent.anomaly(rule, s.signal, s.signalValue, why).client(client), request).build();
        counts.anomaly(anomaly);
        events.publish(anomaly);
      }
    }
  }

  /** Lockouts that have ended, noticed by the agent's scheduler (their source may never come back). */
  void lockoutsEnded(List<ExpiredLockout> ended) {
    for (ExpiredLockout e : ended) {
      events.publish(VigilEvent.lockoutEnd(e.scope.ruleName()).key(lockoutKey(e.scope, e.source)).at(requests.epochNanos()).build());
    }
  }

  /** A lockout's source as the audit trail names keys: {@code ip:...}, {@code subnet:...} or {@code network:...}; null for the per-user scope. */
  private static String lockoutKey(LoginScope scope, String source) {
    if (source == null) {
      return null;
    }
    if (scope == LoginScope.STUFFING_NETWORK) {
      return "network:" + source;
    }
    return (scope == LoginScope.SUBNET || scope == LoginScope.STUFFING_SUBNET ? "subnet:" : "ip:") + source;
  }
}
