package dev.vigil.bootstrap;

/**
 * An application method the policy names as a login, as the generic login-method advice sees it:
 * how to read the username from the arguments, how to tell the outcome, and how to fail a locked
 * attempt the application's own way. Implemented inside the agent; found through {@link
 * LoginMethods}. Implementations never throw.
 */
public interface LoginMethod {
  /** Names the method in audit lines and lockouts, e.g. {@code com.example.AccountService.signIn}. */
  String name();

  /** The username the configured argument (or getter chain on it) holds; null when it cannot be read. */
  String username(Object[] arguments);

  /**
   * A {@link LoginResult} constant for what the method did: {@code returned} is its return value
   * (boxed; null for void), {@code thrown} what it threw (null if nothing).
   */
  int result(Object returned, Throwable thrown);

  /** True when a failed login is an exception (so a locked attempt throws {@link #lockedFailure}). */
  boolean failsByException();

  /**
   * A new instance of the method's failure exception, built in {@code declaringType}'s class
   * loader, for a locked attempt; null when it cannot be built (the attempt is then let through).
   */
  Throwable lockedFailure(Class<?> declaringType);

  /** What a locked attempt returns when failure is a return value: {@code Boolean.FALSE} or null. */
  Object lockedReturn();
}
