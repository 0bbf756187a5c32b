package dev.vigil.agent.login;

/**
 * Whether a login attempt may reach the password check. An allowed verdict carries the attempt, which
 * holds its places until its outcome is recorded; a refused one names the rule and when to retry.
 * Neither names the account, so a verdict reveals nothing about whether it exists.
 */
public final class LoginVerdict {
  private final LoginScope scope;
  private final long retryAfterSeconds;
  private final LoginAttempt attempt;

  private LoginVerdict(LoginScope scope, long retryAfterSeconds, LoginAttempt attempt) {
    this.scope = scope;
    this.retryAfterSeconds = retryAfterSeconds;
    this.attempt = attempt;
  }

  static LoginVerdict allowed(LoginAttempt attempt) {
    return new LoginVerdict(null, 0, attempt);
  }

  /** Refused by {@code scope} (locked, or full of attempts in flight) with {@code remainingNanos} left, rounded up to whole seconds (at least 1). */
  static LoginVerdict locked(LoginScope scope, long remainingNanos) {
    long seconds = Math.max(1, (remainingNanos + 999_999_999L) / 1_000_000_000L);
    return new LoginVerdict(scope, seconds, null);
  }

  public boolean allowed() {
    return scope == null;
  }

  /** The attempt let through, holding its places; null when refused. */
  public LoginAttempt attempt() {
    return attempt;
  }

  /** Seconds until the lockout ends (jitter included); 0 when allowed. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** The scope's rule name ({@code user-ip}, {@code ip}, {@code subnet}, {@code user}, {@code stuffing-ip}, {@code stuffing-subnet}, {@code stuffing-network}), or null when allowed. */
  public String rule() {
    return scope == null ? null : scope.ruleName();
  }

  public LoginScope scope() {
    return scope;
  }

  @Override
  public String toString() {
    return scope == null ? "allowed" : "locked rule=" + scope.ruleName() + " retry-after=" + retryAfterSeconds + "s";
  }
}
