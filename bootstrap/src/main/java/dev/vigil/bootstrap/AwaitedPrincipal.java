package dev.vigil.bootstrap;

/**
 * A request whose user-keyed rules wait for its principal. At the outermost server entry a framework
 * such as Spring Security has not authenticated the request yet (its filters run later, inside the
 * chain), so the engine parks the request here and an inner entry, once it sees a principal, asks
 * the engine again. Per thread, because a servlet chain runs on the request's thread from its
 * outermost filter to the servlet; one volatile read when no rule is keyed by user.
 */
public final class AwaitedPrincipal {
  private static final ThreadLocal<RequestContext> AWAITING = new ThreadLocal<RequestContext>();
  private static volatile boolean enabled;

  private AwaitedPrincipal() {}

  /** Whether any rule is keyed by user; set once the policy is known. */
  public static void enable(boolean anyUserRule) {
    enabled = anyUserRule;
  }

  /** The engine, on the request's thread: this request's user rules wait for a principal. */
  public static void await(RequestContext request) {
    AWAITING.set(request);
  }

  /** The engine, when the request ends or its user rules were checked. */
  public static void clear() {
    if (enabled) {
      AWAITING.set(null);
    }
  }

  /** For inner entries: the request on this thread awaiting its principal, or null. */
  public static RequestContext current() {
    return enabled ? AWAITING.get() : null;
  }
}
