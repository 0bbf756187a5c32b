package dev.vigil.agent.telemetry;

/** The one human-readable sentence an event carries as its body; attributes hold the details. */
final class EventBody {
  private EventBody() {}

  static String of(TelemetryRecord r) {
    if (r.detail != null) {
      return r.detail;
    }
    StringBuilder s = new StringBuilder();
    s.append(r.action != null && !r.enforced ? "would have " : "").append(verb(r.name));
    if (r.method != null || r.path != null) {
      s.append(' ').append(r.method == null ? "" : r.method + " ").append(r.path == null ? "" : r.path);
    }
    if (r.loginVia != null && r.path == null) {
      s.append(" via ").append(r.loginVia);
    }
    if (r.client != null) {
      s.append(" from ").append(r.client);
    }
    if (TelemetryNames.LOGIN_FAILURE.equals(r.name) && "unknown-user".equals(r.loginOutcome)) {
      s.append(" (unknown user)");
    }
    if (r.rule != null) {
      s.append(" by rule ").append(r.rule);
    }
    if (r.retryAfterSeconds >= 0) {
      s.append(", retry after ").append(r.retryAfterSeconds).append(" s");
    }
    return s.toString();
  }

  private static String verb(String eventName) {
    switch (eventName) {
      case TelemetryNames.THROTTLE:
        return "throttled";
      case TelemetryNames.BLOCK:
        return "blocked";
      case TelemetryNames.LOCKOUT:
        return "locked out";
      case TelemetryNames.LOCKOUT_EXPIRED:
        return "lockout expired";
      case TelemetryNames.LOGIN_FAILURE:
        return "login failed";
      default:
        return eventName;
    }
  }
}
