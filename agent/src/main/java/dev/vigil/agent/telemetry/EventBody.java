package dev.vigil.agent.telemetry;

import dev.vigil.agent.event.VigilEvent;

/** The one human-readable sentence an event carries as its body; attributes hold the details. */
final class EventBody {
  private EventBody() {}

  static String of(VigilEvent e) {
    if (e.detail != null) {
      return e.detail;
    }
    StringBuilder s = new StringBuilder();
    s.append(e.action != null && !e.enforced ? "would have " : "").append(verb(e));
    if (e.method != null || e.path != null) {
      s.append(' ').append(e.method == null ? "" : e.method + " ").append(e.path == null ? "" : e.path);
    }
    if (e.kind == VigilEvent.Kind.LOGIN_FAILURE && e.via != null && e.path == null) {
      s.append(" via ").append(e.via);
    }
    if (e.client != null) {
      s.append(" from ").append(e.client);
    }
    if (e.kind == VigilEvent.Kind.LOGIN_FAILURE && VigilEvent.UNKNOWN_USER.equals(e.outcome)) {
      s.append(" (unknown user)");
    }
    if (e.rule != null) {
      s.append(" by rule ").append(e.rule);
    }
    if (e.retryAfterSeconds >= 0) {
      s.append(", retry after ").append(e.retryAfterSeconds).append(" s");
    }
    return s.toString();
  }

  private static String verb(VigilEvent e) {
    switch (e.kind) {
      case DECISION:
        return VigilEvent.BLOCK.equals(e.action) ? "blocked" : "throttled";
      case LOCKOUT:
        return "locked out";
      case LOCKOUT_END:
        return "lockout expired";
      case LOGIN_FAILURE:
        return "login failed";
      default:
        return TelemetryNames.eventName(e);
    }
  }
}
