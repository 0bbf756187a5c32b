package dev.vigil.agent.audit;

import dev.vigil.agent.event.VigilEvent;
import dev.vigil.bootstrap.PlainText;

/**
 * One audit line: a decision, a failed login, or a detection that explains decisions (an anomaly, a
 * suspected account takeover), as one JSON line. Hand-written because the shape is fixed and small; request
 * data (path, method) is escaped so a crafted path cannot break the line or inject fields.
 */
final class AuditJson {
  private AuditJson() {}

  static final String LOGIN_FAILURE = "login-failure";
  static final String ANOMALY = "anomaly";
  static final String ATO_SUSPECT = "ato-suspect";

  /** What the audit file keeps: decisions, failed logins and the detections behind decisions, operators' actions; not lockout ends or plain requests. */
  static boolean audited(VigilEvent event) {
    switch (event.kind) {
      case DECISION:
      case LOGIN_FAILURE:
      case ANOMALY:
      case ATO_SUSPECT:
      case OPERATOR:
        return true;
      default:
        return false;
    }
  }

  static String line(VigilEvent event) {
    StringBuilder out = new StringBuilder(256);
    out.append("{\"ts\":");
    string(out, event.time().toString());
    out.append(",\"action\":");
    if (event.kind == VigilEvent.Kind.DECISION) {
      string(out, event.action);
      out.append(",\"enforced\":").append(event.enforced);
      out.append(",\"rule\":");
      string(out, event.rule);
    } else if (event.kind == VigilEvent.Kind.OPERATOR) {
      string(out, event.action);
      out.append(",\"rule\":");
      string(out, event.rule);
      out.append(",\"detail\":");
      string(out, event.detail);
    } else if (event.kind == VigilEvent.Kind.LOGIN_FAILURE) {
      string(out, LOGIN_FAILURE); // not a decision: no rule, no status, how the framework refused instead
      out.append(",\"outcome\":");
      string(out, event.outcome);
    } else {
      string(out, event.kind == VigilEvent.Kind.ANOMALY ? ANOMALY : ATO_SUSPECT);
      out.append(",\"rule\":");
      string(out, event.rule);
      out.append(",\"signal\":");
      string(out, event.signal);
      out.append(",\"value\":").append(event.signalValue);
      out.append(",\"detail\":");
      string(out, event.detail);
    }
    out.append(",\"key\":");
    string(out, event.key);
    out.append(",\"client\":");
    string(out, event.client);
    out.append(",\"method\":");
    string(out, event.method);
    out.append(",\"path\":");
    // an authentication hook has no request: the line names the hook (auth:<hook>) where the path goes
    string(out, event.path != null ? event.path : event.via);
    if (event.status >= 0) {
      out.append(",\"status\":").append(event.status);
    }
    if (event.retryAfterSeconds >= 0) {
      out.append(",\"retryAfter\":").append(event.retryAfterSeconds);
    }
    if (event.repeats > 0) {
      out.append(",\"repeats\":").append(event.repeats);
    }
    return out.append('}').toString();
  }

  private static void string(StringBuilder out, String value) {
    if (value == null) {
      out.append("null");
      return;
    }
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (PlainText.isUnsafe(c)) {
        // control characters and line separators would let a crafted path break the line, or a
        // terminal escape rewrite what someone reading the file sees
        PlainText.appendUnicodeEscape(out, c);
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }
}
