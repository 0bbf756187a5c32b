package dev.vigil.bootstrap;

/**
 * What the framework decided about one login attempt, as authentication hooks report it: plain int
 * constants so advice inlined into any class needs nothing but this class. The engine maps them to
 * its own outcome type; a hook reports {@link #UNKNOWN_USER} only where the framework tells (a JAAS
 * {@code AccountNotFoundException}, Spring's {@code UsernameNotFoundException} when not hidden).
 */
public final class LoginResult {
  /** Not a verdict on the credentials (e.g. the user store was down): the attempt is not counted. */
  public static final int NOT_COUNTED = -1;

  public static final int SUCCESS = 0;

  /** Wrong password, or another credential failure, for an account that exists or may exist. */
  public static final int FAILURE = 1;

  /** The framework said the account does not exist. */
  public static final int UNKNOWN_USER = 2;

  private LoginResult() {}
}
