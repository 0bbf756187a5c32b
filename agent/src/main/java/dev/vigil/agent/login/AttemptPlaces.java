package dev.vigil.agent.login;

/**
 * The places an attempt holds while in flight: one in each scope it would count a failure toward,
 * taken in a fixed order and, when one scope is full, given back in the scopes already taken, so an
 * attempt holds all its places or none. Each scope's count-and-take is atomic per key, so no scope
 * ever lets more attempts through than its threshold, however many race for it.
 */
final class AttemptPlaces {
  private static final LoginScope[] ORDER = {
    LoginScope.USER_IP, LoginScope.IP, LoginScope.STUFFING_IP, LoginScope.SUBNET, LoginScope.STUFFING_SUBNET, LoginScope.USER
  };

  private final LoginTables t;

  AttemptPlaces(LoginTables tables) {
    this.t = tables;
  }

  /** Takes every place, or none: null when taken, else the refusal of the first full scope. */
  LoginVerdict take(LoginAttempt a, long now) {
    for (int i = 0; i < ORDER.length; i++) {
      if (!applies(ORDER[i], a)) {
        continue;
      }
      long wait = take(ORDER[i], a, now);
      if (wait > 0) {
        giveBack(a, i, now);
        return LoginVerdict.locked(ORDER[i], wait);
      }
    }
    return null;
  }

  void giveBack(LoginAttempt a, long now) {
    giveBack(a, ORDER.length, now);
  }

  private void giveBack(LoginAttempt a, int taken, long now) {
    for (int i = 0; i < taken; i++) {
      if (applies(ORDER[i], a)) {
        giveBack(ORDER[i], a, now);
      }
    }
  }

  /** The scopes an attempt counts toward, as {@link LoginGuard} counts its failure. */
  private static boolean applies(LoginScope scope, LoginAttempt a) {
    if (a.clientIp == null) {
      return scope == LoginScope.USER;
    }
    if (a.sourceOnly) {
      // the username comes later: the address and network scopes, which bound a burst whatever its names
      return scope == LoginScope.IP || (scope == LoginScope.SUBNET && a.subnet != null);
    }
    switch (scope) {
      case STUFFING_IP:
      case USER:
        return a.named;
      case SUBNET:
        return a.subnet != null;
      case STUFFING_SUBNET:
        return a.named && a.subnet != null;
      default:
        return true;
    }
  }

  /** 0 when the place is taken, else nanoseconds to wait. */
  private long take(LoginScope scope, LoginAttempt a, long now) {
    switch (scope) {
      case USER_IP:
        return t.userIp.tryReserve(a.pair, now);
      case IP:
        return t.ips.tryReserve(a.clientIp, now);
      case STUFFING_IP:
        return t.ipActivity.tryReserve(a.clientIp, now) ? 0 : Lockout.IN_FLIGHT_RETRY_NANOS;
      case SUBNET:
        return t.subnets.tryReserve(a.subnet, now);
      case STUFFING_SUBNET:
        return t.subnetActivity.tryReserve(a.subnet, now) ? 0 : Lockout.IN_FLIGHT_RETRY_NANOS;
      default:
        // a source (or device) that logged in as this user before passes the per-user scope; its attempt still counts there
        if (a.knownDevice || (a.pair != null && t.knownSources.isKnown(a.pair))) {
          t.users.reserve(a.user, now);
          return 0;
        }
        return t.users.tryReserve(a.user, now);
    }
  }

  private void giveBack(LoginScope scope, LoginAttempt a, long now) {
    switch (scope) {
      case USER_IP:
        t.userIp.release(a.pair, a.reservedAt, now);
        break;
      case IP:
        t.ips.release(a.clientIp, a.reservedAt, now);
        break;
      case STUFFING_IP:
        t.ipActivity.release(a.clientIp, a.reservedAt, now);
        break;
      case SUBNET:
        t.subnets.release(a.subnet, a.reservedAt, now);
        break;
      case STUFFING_SUBNET:
        t.subnetActivity.release(a.subnet, a.reservedAt, now);
        break;
      default:
        t.users.release(a.user, a.reservedAt, now);
        break;
    }
  }
}
