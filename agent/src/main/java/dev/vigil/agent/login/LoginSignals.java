package dev.vigil.agent.login;

/**
 * One source's login activity in the current stuffing window: distinct failed usernames, and the
 * failure and unknown-user ratios, each of which can trigger a stuffing lockout (see {@link
 * StuffingSettings}).
 */
public final class LoginSignals {
  public static final LoginSignals NONE = new LoginSignals(0, 0, 0, 0);

  private final int attempts;
  private final int failures;
  private final int unknownUsers;
  private final int distinctUsernames;

  LoginSignals(int attempts, int failures, int unknownUsers, int distinctUsernames) {
    this.attempts = attempts;
    this.failures = failures;
    this.unknownUsers = unknownUsers;
    this.distinctUsernames = distinctUsernames;
  }

  public int attempts() {
    return attempts;
  }

  public int failures() {
    return failures;
  }

  public int unknownUsers() {
    return unknownUsers;
  }

  /** Distinct usernames that failed, saturating at the stuffing threshold. */
  public int distinctUsernames() {
    return distinctUsernames;
  }

  /** Failures / attempts, 0 with no attempts. */
  public double failureRatio() {
    return attempts == 0 ? 0 : (double) failures / attempts;
  }

  /** Unknown-user failures / attempts, 0 with no attempts; high values suggest a leaked list of other sites' accounts. */
  public double unknownUserRatio() {
    return attempts == 0 ? 0 : (double) unknownUsers / attempts;
  }

  @Override
  public String toString() {
    return "attempts=" + attempts + " failures=" + failures + " unknownUsers=" + unknownUsers + " distinctUsernames=" + distinctUsernames;
  }
}
