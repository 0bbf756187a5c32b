package dev.vigil.agent.audit;

import java.time.Instant;

/**
 * One non-allow decision, enforced or only monitored, or one failed login attempt, as the audit
 * trail records it.
 */
public final class AuditEvent {
  public static final String THROTTLE = "throttle";
  public static final String BLOCK = "block";
  /** Not a decision: the framework refused a login ({@link #outcome()} says how). */
  public static final String LOGIN_FAILURE = "login-failure";

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
  private final String outcome;

  /**
   * @param key the caller key as displayed, e.g. {@code ip:10.0.0.7} or {@code apikey:#3fa9c1d2e0b4}
   *     (never a raw API key)
   * @param retryAfterSeconds -1 when the response carries no Retry-After
   */
  public AuditEvent(
      Instant time, String action, boolean enforced, String rule, String key, String client, String method, String path, int status, long retryAfterSeconds) {
    this(time, action, enforced, rule, key, client, method, path, status, retryAfterSeconds, 0, null);
  }

  private AuditEvent(
      Instant time,
      String action,
      boolean enforced,
      String rule,
      String key,
      String client,
      String method,
      String path,
      int status,
      long retryAfterSeconds,
      long repeats,
      String outcome) {
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
    this.outcome = outcome;
  }

  /**
   * A login the framework refused: {@code outcome} is {@code failure} (wrong password or another
   * credential failure) or {@code unknown-user} (the framework said the account does not exist);
   * {@code path} is the login route or {@code auth:<hook>}. No username: only the source is named.
   */
  public static AuditEvent loginFailure(Instant time, String outcome, String key, String client, String method, String path) {
    return new AuditEvent(time, LOGIN_FAILURE, false, null, key, client, method, path, -1, -1, 0, outcome);
  }

  /** The same decision standing for {@code repeats} more identical ones that were not written on their own. */
  AuditEvent withRepeats(long count) {
    return count == repeats ? this : new AuditEvent(time, action, enforced, rule, key, client, method, path, status, retryAfterSeconds, count, outcome);
  }

  public Instant time() {
    return time;
  }

  /** {@link #THROTTLE}, {@link #BLOCK} or {@link #LOGIN_FAILURE}. */
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

  /** The status sent (or, when monitored, the one that would have been sent); -1 for a login failure. */
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

  /** How a login failed ({@code failure} or {@code unknown-user}); null for a decision. */
  public String outcome() {
    return outcome;
  }

  /** A decision (throttle, block) rather than a login failure the agent only observed. */
  public boolean isDecision() {
    return outcome == null;
  }
}
