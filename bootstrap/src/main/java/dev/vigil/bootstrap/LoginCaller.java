package dev.vigil.bootstrap;

/**
 * The HTTP caller of an authentication that runs before any servlet entry (Tomcat's authenticator
 * valve calls the realm before the filter chain), so a realm hook, which sees only a username and
 * a password, can tell the engine where the attempt comes from. Set and cleared around the
 * authenticator by advice on the same thread; one small array per thread.
 */
public final class LoginCaller {
  private static final ThreadLocal<String[]> CALLER = new ThreadLocal<String[]>();

  private LoginCaller() {}

  /** Returns the previous caller (usually null), to be handed back to {@link #restore}. */
  public static String[] set(String peer, String forwardedFor) {
    String[] previous = CALLER.get();
    CALLER.set(new String[] {peer, forwardedFor});
    return previous;
  }

  public static void restore(String[] previous) {
    if (previous == null) {
      CALLER.remove();
    } else {
      CALLER.set(previous);
    }
  }

  /** {peer, forwardedFor}, or null outside an authenticator. */
  public static String[] current() {
    return CALLER.get();
  }
}
