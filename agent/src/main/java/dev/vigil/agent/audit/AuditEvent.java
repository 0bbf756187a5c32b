package dev.vigil.agent.audit;

import java.time.Instant;

/** One non-allow decision, enforced or only monitored, as the audit trail records it. */
public final class AuditEvent {
  public static final String THROTTLE = "throttle";
  public static final String BLOCK = "block";

  private final Instant time;
  private final String action;
  private final boolean enforced;
  private final String rule;
  private final String key;
  private final String client;
  private final String method;
  private final String path;
  private final int status;
  private final long retryAfterSeconds;
  private final long repeats;

  /**
   * @param key the caller key as displayed, e.g. {@code ip:10.0.0.7} or {@code apikey:#3fa9c1d2e0b4}
   *     (never a raw API key)
   * @param retryAfterSeconds -1 when the response carries no Retry-After
   */
  public AuditEvent(
      Instant time, String action, boolean enforced, String rule, String key, String client, String method, String path, int status, long retryAfterSeconds) {
    this(time, action, enforced, rule, key, client, method, path, status, retryAfterSeconds, 0);
  }

  private AuditEvent(
      Instant time, String action, boolean enforced, String rule, String key, String client, String method, String path, int status, long retryAfterSeconds, long repeats) {
    this.time = time;
    this.action = action;
    this.enforced = enforced;
    this.rule = rule;
    this.key = key;
    this.client = client;
    this.method = method;
    this.path = path;
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
    this.repeats = repeats;
  }

  /** The same decision standing for {@code repeats} more identical ones that were not written on their own. */
  AuditEvent withRepeats(long count) {
    return count == repeats ? this : new AuditEvent(time, action, enforced, rule, key, client, method, path, status, retryAfterSeconds, count);
  }

  public Instant time() {
    return time;
  }

  /** {@link #THROTTLE} or {@link #BLOCK}. */
  public String action() {
    return action;
  }

  public boolean enforced() {
    return enforced;
  }

  public String rule() {
    return rule;
  }

  public String key() {
    return key;
  }

  public String client() {
    return client;
  }

  public String method() {
    return method;
  }

  public String path() {
    return path;
  }

  /** The status sent (or, when monitored, the one that would have been sent). */
  public int status() {
    return status;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** How many more identical decisions (same caller, rule, action) this line accounts for. */
  public long repeats() {
    return repeats;
  }
}
