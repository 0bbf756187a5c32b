package dev.vigil.agent.telemetry;

import dev.vigil.agent.event.VigilEvent;

/**
 * Every name Vigil exports, in one place so the README table and the code cannot drift apart.
 * HTTP and client attributes follow the OpenTelemetry semantic conventions; Vigil's own are under
 * {@code vigil.}.
 */
public final class TelemetryNames {
  public static final String SCOPE = "dev.vigil";

  // spans
  public static final String DECISION_SPAN = "vigil.decision";
  public static final String REQUEST_SPAN = "vigil.request";

  // events (log records with an event name)
  public static final String THROTTLE = "vigil.throttle";
  public static final String BLOCK = "vigil.block";
  public static final String LOCKOUT = "vigil.lockout";
  public static final String LOCKOUT_EXPIRED = "vigil.lockout.expired";
  public static final String LOGIN_FAILURE = "vigil.login.failure";
  public static final String ANOMALY = "vigil.anomaly";
  public static final String OPERATOR = "vigil.operator";
  public static final String ATO_SUSPECT = "vigil.ato.suspect";

  // semantic-convention attributes
  public static final String HTTP_METHOD = "http.request.method";
  public static final String URL_PATH = "url.path";
  public static final String HTTP_ROUTE = "http.route";
  public static final String HTTP_STATUS = "http.response.status_code";
  public static final String CLIENT_ADDRESS = "client.address";
  public static final String USER_AGENT = "user_agent.original";
  public static final String RULE_NAME = "security_rule.name";
  public static final String USER_ID = "user.id";
  public static final String USER_HASH = "user.hash";

  // Vigil's attributes
  public static final String ACTION = "vigil.action";
  public static final String RULE = "vigil.rule";
  public static final String RULE_ROUTE = "vigil.rule.route";
  public static final String KEY_TYPE = "vigil.key.type";
  public static final String KEY = "vigil.key";
  public static final String ENFORCED = "vigil.enforced";
  public static final String RETRY_AFTER = "vigil.retry_after";
  public static final String SIGNAL = "vigil.signal";
  public static final String SIGNAL_VALUE = "vigil.signal.value";
  public static final String TABLE = "vigil.table";
  public static final String REPEATS = "vigil.repeats";
  public static final String LOGIN_VIA = "vigil.login.via";
  public static final String LOGIN_OUTCOME = "vigil.login.outcome";

  // metrics
  public static final String REQUESTS = "vigil.requests";
  public static final String DECISIONS = "vigil.decisions";
  public static final String ACTIVE_LOCKOUTS = "vigil.lockouts.active";
  public static final String TRACKED_CALLERS = "vigil.callers.tracked";
  public static final String EVICTIONS = "vigil.cache.evictions";
  public static final String ANOMALIES = "vigil.anomalies";
  public static final String ERRORS = "vigil.errors";
  public static final String DROPPED = "vigil.telemetry.dropped";

  private TelemetryNames() {}

  /** The event name (or, for a request, the span name) an event is exported under. */
  static String eventName(VigilEvent e) {
    switch (e.kind) {
      case DECISION:
        return VigilEvent.BLOCK.equals(e.action) ? BLOCK : THROTTLE;
      case LOGIN_FAILURE:
        return LOGIN_FAILURE;
      case LOCKOUT:
        return LOCKOUT;
      case LOCKOUT_END:
        return LOCKOUT_EXPIRED;
      case ANOMALY:
        return ANOMALY;
      case ATO_SUSPECT:
        return ATO_SUSPECT;
      case OPERATOR:
        return OPERATOR;
      default:
        return REQUEST_SPAN;
    }
  }
}
