package dev.vigil.agent.engine;

import dev.vigil.agent.login.DeviceCookies;
import dev.vigil.agent.login.LoginGuard;
import dev.vigil.bootstrap.RequestContext;

/**
 * Known-device cookies around a login a hook sees inside a request: whether the request's device
 * carries one for the user (checked before the password, holding one of the cookie's five tries
 * until the outcome), a fresh one on a success from a device that did not, and a failure counted
 * against the one it carried. Only hooks issue them: they know the user the framework let in, where a
 * login route only knows a form field the caller chose. Off unless the policy turns it on; without
 * a request in sight (a container's authenticator runs before it), nothing.
 */
final class KnownDevices {
  private final DeviceCookies cookies;
  private final LoginGuard guard;

  KnownDevices(DeviceCookies cookies, LoginGuard guard) {
    this.cookies = cookies;
    this.guard = guard;
  }

  /** The nonce of the known-device cookie {@code request} carries for {@code username}; 0 when none (or off). */
  long vouching(RequestContext request, String username) {
    if (!cookies.enabled() || request == null || username == null) {
      return 0;
    }
    long nonce = cookies.vouchingNonce(request.header("Cookie"), guard.userKey(username));
    return nonce != 0 && cookies.reserve(nonce) ? nonce : 0;
  }

  /** A success: a device that carried no cookie for the user gets one, if its response is not committed yet. */
  void succeeded(RequestContext request, String username, long vouched) {
    if (vouched != 0) {
      cookies.release(vouched);
    } else if (cookies.enabled() && request != null && username != null) {
      request.addResponseHeader("Set-Cookie", cookies.issue(guard.userKey(username)));
    }
  }

  /** The attempt's outcome will never come: its try goes back. */
  void abandoned(long vouched) {
    if (vouched != 0) {
      cookies.release(vouched);
    }
  }
}
