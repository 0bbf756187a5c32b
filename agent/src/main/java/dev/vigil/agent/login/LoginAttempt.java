package dev.vigil.agent.login;

/**
 * An attempt {@link LoginGuard#check} let through: it holds a place in every scope it counts toward
 * until {@link LoginGuard#record(LoginAttempt, LoginOutcome)} or {@link LoginGuard#abandon} settles it
 * (the first settles it; later calls do nothing). Keeps the keys it was counted under, never the raw
 * username.
 */
public final class LoginAttempt {
  final long user;
  /** False when the username could not be read: judged by its source alone. */
  final boolean named;
  /**
   * The username is not known yet (a login route, whose form is read only once the app has answered):
   * the attempt holds places in the source scopes only, and its outcome is counted under the username.
   */
  final boolean sourceOnly;
  /** Null when there is no client address: only the per-user scope applies. */
  final String clientIp;
  final SourceUserKey pair;
  final String subnet;
  /** The /16 or /48, or null. */
  final String network;
  final long reservedAt;
  /** The device carries a known-device cookie for this user (set before the attempt is judged). */
  boolean knownDevice;
  /**
   * The guard whose tables hold its places, once let through: after a reload that replaced the guard,
   * its outcome reaches the new one, which counts it but has no places of it to give back.
   */
  LoginGuard holder;
  private boolean settled;

  LoginAttempt(long user, boolean named, String clientIp, String subnet, String network, long reservedAt) {
    this(user, named, false, clientIp, subnet, network, reservedAt);
  }

  LoginAttempt(long user, boolean named, boolean sourceOnly, String clientIp, String subnet, String network, long reservedAt) {
    this.user = user;
    this.named = named;
    this.sourceOnly = sourceOnly;
    this.clientIp = clientIp;
    this.pair = clientIp == null ? null : new SourceUserKey(user, clientIp);
    this.subnet = subnet;
    this.network = network;
    this.reservedAt = reservedAt;
  }

  /** The source it was judged by, or null. */
  public String clientIp() {
    return clientIp;
  }

  /** True the first time only: whoever gets true gives the places back. */
  synchronized boolean settle() {
    if (settled) {
      return false;
    }
    settled = true;
    return true;
  }
}
