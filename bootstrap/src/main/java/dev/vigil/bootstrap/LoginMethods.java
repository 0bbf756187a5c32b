package dev.vigil.bootstrap;

/**
 * Where the login-method advice finds the configured method it was inlined into: the advice knows
 * only its class and method name, the agent installs a registry that maps them (including
 * subclasses and implementations of a configured type) to a {@link LoginMethod}. Empty until the
 * agent installs one; any failure in the lookup means "not a login".
 */
public final class LoginMethods {
  /** Implemented by the agent. */
  public interface Registry {
    /** The configured login method {@code type.method} is, or null. */
    LoginMethod find(Class<?> type, String method);
  }

  private static volatile Registry registry;

  private LoginMethods() {}

  /** @param methods null to forget every configured method */
  public static void install(Registry methods) {
    registry = methods;
  }

  /** Fail-open lookup for advice: null when nothing is configured for this method or the lookup fails. */
  public static LoginMethod find(Class<?> type, String method) {
    Registry current = registry;
    if (current == null) {
      return null;
    }
    try {
      return current.find(type, method);
    } catch (Throwable t) {
      AgentLog.errorOnce("login-methods", "login method lookup failed; the call is not counted", t);
      return null;
    }
  }
}
