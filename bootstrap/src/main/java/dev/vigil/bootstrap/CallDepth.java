package dev.vigil.bootstrap;

/**
 * Per-thread nesting depth of one kind of instrumented entry, so a request is checked only at the
 * outermost filter or servlet, even when javax and jakarta entries nest. Thread-locals stay tiny
 * (one int[1] per thread per kind) for virtual threads.
 */
public final class CallDepth {
  private static final CallDepth SERVER_ENTRY = new CallDepth();
  private static final CallDepth AUTHENTICATION = new CallDepth();

  private final ThreadLocal<int[]> depth =
      new ThreadLocal<int[]>() {
        @Override
        protected int[] initialValue() {
          return new int[1];
        }
      };

  private CallDepth() {}

  /** Shared by every HTTP server entry (servlet javax + jakarta, JDK HttpServer). */
  public static CallDepth serverEntry() {
    return SERVER_ENTRY;
  }

  /**
   * Shared by every authentication hook (Tomcat realms, Jetty login services): realms that
   * delegate (CombinedRealm, LockOutRealm, an overload calling another) count one attempt.
   */
  public static CallDepth authentication() {
    return AUTHENTICATION;
  }

  /** Returns the depth after entering: 1 means outermost. */
  public int enter() {
    return ++depth.get()[0];
  }

  public void exit() {
    int[] d = depth.get();
    if (d[0] > 0) {
      d[0]--;
    }
  }
}
