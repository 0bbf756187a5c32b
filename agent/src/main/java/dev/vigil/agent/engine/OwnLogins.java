package dev.vigil.agent.engine;

import dev.vigil.agent.detect.LoginReport;
import dev.vigil.agent.detect.route.RouteTemplate;
import dev.vigil.agent.login.LockoutStart;
import dev.vigil.agent.login.LoginGuard;
import dev.vigil.agent.login.LoginOutcome;
import dev.vigil.agent.login.LoginVerdict;
import dev.vigil.agent.login.PasswordCredentials;
import dev.vigil.bootstrap.Decision;
import dev.vigil.bootstrap.RequestContext;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Logins anywhere, for an app whose password checks no hook sees (its own code, the JDK server's
 * authenticator): off a login route, a 401 answered to a request carrying a password ({@link
 * PasswordCredentials}) is a failed login in the same {@link LoginGuard}, and a locked source's next
 * password is refused before the app checks it. A route that has answered such a 401 is a login, so
 * a password it then answers with success (2xx, 3xx) is a successful login: it resets that
 * username's failures from that address and is what account-takeover follow-through judges. Once
 * any hook has run in the process, this stays out of its way: the framework counts its logins and
 * fails locked ones its own way.
 */
final class OwnLogins {
  /** The form field an app's own login form most often names its username. */
  private static final String FORM_USERNAME = "username";
  /** Login routes are few; a flood of 401s on made-up paths must not grow this. */
  private static final int MAX_LOGIN_ROUTES = 64;

  private final LoginGuard guard;
  private final BooleanSupplier enforced;
  private final RequestKeys keys;
  private final LoginRecorder recorder;
  private volatile boolean hooksSeen;
  /** Method and route template of each request that answered a password with 401: the app's own logins. */
  private final Set<String> loginRoutes;

  OwnLogins(LoginGuard guard, BooleanSupplier enforced, RequestKeys keys, LoginRecorder recorder) {
    this(guard, enforced, keys, recorder, null);
  }

  /** @param previous what a reload replaces (same guard), whose hooks seen and learned login routes this one keeps; or null */
  OwnLogins(LoginGuard guard, BooleanSupplier enforced, RequestKeys keys, LoginRecorder recorder, OwnLogins previous) {
    this.guard = guard;
    this.enforced = enforced;
    this.keys = keys;
    this.recorder = recorder;
    this.loginRoutes = previous != null ? previous.loginRoutes : ConcurrentHashMap.newKeySet();
    this.hooksSeen = previous != null && previous.hooksSeen;
  }

  /** An authentication hook has run in this process. */
  void hookSeen() {
    if (!hooksSeen) {
      hooksSeen = true;
    }
  }

  /** A locked source's password, refused on the way in; null otherwise. Until a first lockout, one volatile read. */
  Decision refuseLockedPassword(RequestContext request) {
    if (hooksSeen || !guard.anyLockoutStarted() || !PasswordCredentials.carried(request)) {
      return null;
    }
    String client = keys.client(request);
    LoginVerdict verdict = guard.lockedNow(PasswordCredentials.basicUsername(request), client);
    if (verdict == null) {
      return null;
    }
    boolean enforcedNow = enforced.getAsBoolean();
    recorder.lockout(request, keys.path(request), client, verdict.rule(), enforcedNow, 429, verdict.retryAfterSeconds());
    return enforcedNow ? Decision.throttle(verdict.rule(), verdict.retryAfterSeconds()) : null;
  }

  /**
   * The app answered 401 off a login route and no hook counted the attempt: a failed login under the
   * Basic username where there is one (a form's username is read as a login route reads it, now that
   * the app has answered). Returns the outcome to report, or null when the request carried no password.
   */
  LoginReport countFailure(RequestContext request) {
    if (hooksSeen || !PasswordCredentials.carried(request)) {
      return null;
    }
    String client = keys.client(request);
    String username = PasswordCredentials.basicUsername(request);
    if (username == null) {
      username = request.formParameter(FORM_USERNAME);
    }
    LockoutStart started = guard.record(username, client, LoginOutcome.FAILURE);
    if (loginRoutes.size() < MAX_LOGIN_ROUTES) {
      loginRoutes.add(request.method + " " + RouteTemplate.of(request));
    }
    String path = keys.path(request);
    recorder.failure(request, path, client, username, LoginOutcome.FAILURE);
    if (started != null) {
      recorder.lockoutsStarted(request, client, username, started, enforced.getAsBoolean());
    }
    return new LoginReport(request, path, username, client, LoginOutcome.FAILURE);
  }

  /**
   * The app answered {@code status} (below 400) off a login route and no hook counted the attempt:
   * on a route that answered a password with 401 before, a password now let in is a successful
   * login. Returns the outcome to report, or null (nearly always: one emptiness check until the app
   * has answered a password with 401).
   */
  LoginReport countSuccess(RequestContext request, int status) {
    // the same method as the 401: a public GET beside a guarded DELETE is no login
    if (hooksSeen || loginRoutes.isEmpty() || status < 200 || status >= 400 || !loginRoutes.contains(request.method + " " + RouteTemplate.of(request))
        || !PasswordCredentials.carried(request)) {
      return null;
    }
    String client = keys.client(request);
    String username = PasswordCredentials.basicUsername(request);
    if (username == null) {
      username = request.formParameter(FORM_USERNAME);
    }
    if (username == null) {
      return null; // a success for no one in particular resets nothing
    }
    guard.record(username, client, LoginOutcome.SUCCESS);
    return new LoginReport(request, keys.path(request), username, client, LoginOutcome.SUCCESS);
  }
}
