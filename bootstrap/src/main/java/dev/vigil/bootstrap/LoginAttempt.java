package dev.vigil.bootstrap;

/**
 * One outermost login call as its advice carries it from entry to exit: the username it was asked
 * about and whether its source was refused (the call then fails without checking the password).
 */
public final class LoginAttempt {
  public final String username;
  public final boolean refused;

  public LoginAttempt(String username, boolean refused) {
    this.username = username;
    this.refused = refused;
  }

  /** Whether the state an advice kept from its entry is a refused attempt. */
  public static boolean isRefused(Object state) {
    return state instanceof LoginAttempt && ((LoginAttempt) state).refused;
  }
}
