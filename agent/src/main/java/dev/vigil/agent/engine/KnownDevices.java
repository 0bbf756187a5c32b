package dev.vigil.agent.engine;

import dev.vigil.agent.login.DeviceCookies;
import dev.vigil.agent.login.LoginGuard;
import dev.vigil.bootstrap.RequestContext;

/**
 * Known-device cookies around a login the engine sees inside a request: whether the request's
 * device carries one for the user (checked before the password), a fresh one on a success from a
 * device that did not, and a failure counted against the one it carried. Off unless the policy turns
 * it on; without a request in sight (a container's authenticator runs before it), nothing.
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
    return cookies.vouchingNonce(request.header("Cookie"), guard.userKey(username));
  }

  /** A success: a device that carried no cookie for the user gets one, if its response is not committed yet. */
  void succeeded(RequestContext request, String username, long vouched) {
    if (cookies.enabled() && request != null && username != null && vouched == 0) {
      request.addResponseHeader("Set-Cookie", cookies.issue(guard.userKey(username)));
    }
  }

  void failed(long vouched) {
    if (vouched != 0) {
      cookies.failed(vouched);
    }
  }
}
