package dev.vigil.agent.config;

/**
 * The {@code telemetry:} section: what Vigil adds to what it exports. Where it exports to is not
 * here: that is the standard {@code OTEL_*} / {@code otel.*} configuration, as for any
 * OpenTelemetry SDK.
 *
 * <pre>
 * telemetry:
 *   requestSpans: false   # true: a vigil.request span for every request seen, not only decisions
 *   users: id             # id: usernames as user.id; hash: a keyed hash as user.hash instead
 * </pre>
 */
public final class TelemetrySettings {
  /** How usernames leave the process. */
  public enum UserIdentity {
    ID,
    HASH;

    /** Parses the YAML spelling, case-insensitively. */
    public static UserIdentity parse(String text) {
      String value = text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT);
      if (value.equals("id")) {
        return ID;
      }
      if (value.equals("hash")) {
        return HASH;
      }
      throw new IllegalArgumentException("must be id or hash");
    }
  }

  private static final TelemetrySettings DEFAULTS = new TelemetrySettings(false, UserIdentity.ID);

  private final boolean requestSpans;
  private final UserIdentity users;

  public TelemetrySettings(boolean requestSpans, UserIdentity users) {
    this.requestSpans = requestSpans;
    this.users = users;
  }

  public static TelemetrySettings defaults() {
    return DEFAULTS;
  }

  public boolean requestSpans() {
    return requestSpans;
  }

  public UserIdentity users() {
    return users;
  }
}
