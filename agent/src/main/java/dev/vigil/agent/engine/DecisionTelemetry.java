package dev.vigil.agent.engine;

import dev.vigil.agent.audit.AuditEvent;
import dev.vigil.agent.config.KeyType;
import dev.vigil.agent.limit.RoutePath;
import dev.vigil.agent.login.ExpiredLockout;
import dev.vigil.agent.login.LockoutStart;
import dev.vigil.agent.login.LoginScope;
import dev.vigil.agent.telemetry.TelemetryNames;
import dev.vigil.agent.telemetry.TelemetryRecord;
import dev.vigil.agent.telemetry.TelemetrySink;
import dev.vigil.agent.telemetry.trace.OtelJavaAgentSpan;
import dev.vigil.agent.telemetry.trace.TraceParent;
import dev.vigil.bootstrap.RequestContext;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The engine's side of telemetry: captures, on the request thread, what a span or event needs
 * (times, the trace it belongs to, HTTP attributes) and hands it to the {@link TelemetrySink}. An
 * allowed request costs nothing here unless request spans are switched on.
 */
final class DecisionTelemetry {
  private static final String TRACEPARENT = "traceparent";
  private static final String LOCKOUT_ACTION = "lockout";

  private final TelemetrySink sink;
  private final Clock clock;
  /** Fixed at start; a final field, so the per-request check costs one well-predicted branch. */
  private final boolean requestSpans;

  DecisionTelemetry(TelemetrySink sink, Clock clock) {
    this.sink = sink;
    this.clock = clock;
    this.requestSpans = sink.requestSpans();
  }

  /** Remembers when the request started, only when every request gets a span. */
  void requestStarted(RequestContext facts) {
    if (requestSpans && sink.enabled()) {
      facts.startEpochNanos = epochNanos();
    }
  }

  /** A request that was let through has been answered: its span, when request spans are on. */
  void requestEnded(RequestContext facts, String client, int status) {
    if (facts.startEpochNanos == 0 || !sink.enabled()) {
      return;
    }
    sink.submit(
        TelemetryRecord.request()
            .http(facts.method, urlPath(facts.path), null, client, facts.userAgent)
            .status(status)
            .timed(facts.startEpochNanos, epochNanos())
            .parent(parentOf(facts)));
  }

  /**
   * A throttle or block, enforced or monitored. {@code facts} is null for an authentication hook
   * that has no HTTP request in reach.
   */
  void decision(
      RequestContext facts, String route, String client, String action, String rule, KeyType keyType, String key, boolean enforced, int status, long retryAfter) {
    if (!sink.enabled()) {
      return;
    }
    long now = epochNanos();
    TelemetryRecord record =
        TelemetryRecord.decision(AuditEvent.BLOCK.equals(action) ? TelemetryNames.BLOCK : TelemetryNames.THROTTLE)
            .decisionOf(action, rule, keyType == null ? null : keyType.name().toLowerCase(Locale.ROOT), key, enforced, retryAfter)
            .client(client)
            .status(status)
            .timed(facts != null && facts.startEpochNanos != 0 ? facts.startEpochNanos : now, now);
    if (facts != null) {
      record.http(facts.method, urlPath(facts.path), route, client, facts.userAgent).parent(parentOf(facts));
    } else {
      record.parent(OtelJavaAgentSpan.current());
    }
    sink.submit(record);
  }

  /**
   * A failed login, from a login route ({@code facts} set) or an authentication hook ({@code via} =
   * {@code auth:<hook>}). {@code outcome}: {@code failure} or {@code unknown-user}.
   */
  void loginFailure(RequestContext facts, String via, String client, String username, String outcome) {
    if (!sink.enabled()) {
      return;
    }
    long now = epochNanos();
    TelemetryRecord record =
        TelemetryRecord.event(TelemetryNames.LOGIN_FAILURE).client(client).username(username).login(via, outcome).timed(now, now);
    if (facts != null) {
      record.http(facts.method, urlPath(facts.path), null, client, facts.userAgent).parent(parentOf(facts));
    } else {
      record.parent(OtelJavaAgentSpan.current());
    }
    sink.submit(record);
  }

  /**
   * {@code vigil.lockout} for each lockout one failure started, and {@code vigil.anomaly} for a
   * stuffing signal (too many distinct usernames) that caused one. The username is attached only to
   * the scopes that are about it (user, user+address).
   */
  void lockoutsStarted(RequestContext facts, String client, String username, LockoutStart started, boolean enforced) {
    if (!sink.enabled()) {
      return;
    }
    long now = epochNanos();
    TraceParent parent = facts != null ? parentOf(facts) : OtelJavaAgentSpan.current();
    for (LockoutStart s = started; s != null; s = s.next) {
      String rule = s.scope.ruleName();
      boolean aboutUser = s.scope == LoginScope.USER || s.scope == LoginScope.USER_IP;
      long seconds = (s.lockoutNanos + 999_999_999L) / 1_000_000_000L;
      String key = lockoutKey(s.scope, s.source);
      sink.submit(
          TelemetryRecord.event(TelemetryNames.LOCKOUT)
              .decisionOf(LOCKOUT_ACTION, rule, null, key, enforced, seconds)
              .client(client)
              .username(aboutUser ? username : null)
              .parent(parent)
              .timed(now, now));
      if (s.signal != null) {
        sink.submit(
            TelemetryRecord.event(TelemetryNames.ANOMALY)
                .rule(rule)
                .client(client)
                .signal(s.signal, s.signalValue)
                .detail(s.signal + " reached " + s.signalValue + " for " + s.source + " within the stuffing window")
                .parent(parent)
                .timed(now, now));
      }
    }
  }

  void lockoutsExpired(List<ExpiredLockout> expired) {
    if (expired.isEmpty() || !sink.enabled()) {
      return;
    }
    long now = epochNanos();
    for (ExpiredLockout e : expired) {
      sink.submit(
          TelemetryRecord.event(TelemetryNames.LOCKOUT_EXPIRED)
              .rule(e.scope.ruleName())
              .key(lockoutKey(e.scope, e.source))
              .timed(now, now));
    }
  }

  /** A lockout's source as the audit trail names keys: {@code ip:...} or {@code subnet:...}; null for the per-user scope. */
  private static String lockoutKey(LoginScope scope, String source) {
    if (source == null) {
      return null;
    }
    return (scope == LoginScope.SUBNET || scope == LoginScope.STUFFING_SUBNET ? "subnet:" : "ip:") + source;
  }

  /** The OpenTelemetry Java agent's server span if it is attached, else the caller's traceparent. */
  private static TraceParent parentOf(RequestContext facts) {
    TraceParent agentSpan = OtelJavaAgentSpan.current();
    return agentSpan != null ? agentSpan : TraceParent.parse(facts.header(TRACEPARENT));
  }

  /**
   * Normalised: path parameters such as {@code ;jsessionid=} and any query are cut, a session id
   * must never be exported. An overlong path is cut first, so it is normalised too.
   */
  private static String urlPath(String path) {
    return path == null ? null : RoutePath.normalise(RoutePath.kept(path));
  }

  private long epochNanos() {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
