package dev.vigil.agent.engine;

import dev.vigil.agent.detect.Detector;
import dev.vigil.agent.detect.DetectorChain;
import dev.vigil.agent.detect.LoginReport;
import dev.vigil.agent.login.LockoutStart;
import dev.vigil.agent.login.LoginAttempt;
import dev.vigil.agent.login.LoginGuard;
import dev.vigil.agent.login.LoginOutcome;
import dev.vigil.agent.login.LoginRoute;
import dev.vigil.agent.login.LoginVerdict;
import dev.vigil.bootstrap.Decision;
import dev.vigil.bootstrap.LoginResult;
import dev.vigil.bootstrap.RequestContext;
import java.util.Objects;

/**
 * Login attempts, from login routes (read off the form and the app's answer) and from
 * authentication hooks, judged by one {@link LoginGuard}. A locked source is refused before the
 * password is checked; in monitor mode the lockout is only recorded. An attempt let through holds
 * its places in the guard until its outcome arrives, or until its request ends without one.
 *
 * <p>A login route's form is read only once the app has answered: reading it on the way in would fix
 * the request's character encoding before the app's own encoding filter runs, or consume a body the
 * app reads itself. So a login route judges its attempt by source on the way in (address, network,
 * stuffing), and counts the outcome under the username on the way out; the username's own lockouts
 * (username+address, per user) refuse before the password check where a hook sees the attempt
 * (Spring Security, a realm, a login service, JAAS, {@code login.methods}).
 */
final class LoginLockoutDetector implements Detector {
  /**
   * What authentication hooks on one thread share: a hook runs inside a request without being handed
   * it (Spring's manager, a realm), so the request it belongs to can only be the one this thread is
   * serving. The request's own state (its client, its login route's attempt) lives in its context.
   */
  private static final class PerThread {
    /** The request this thread is serving, for hooks that run without it; null between requests. */
    RequestContext current;
    /** A hook's attempt, from its check to its outcome (it takes over the route's when both see one attempt). */
    LoginAttempt hook;
    /** The attempt a hook counted, so the login route does not count it again. */
    String countedUser;
    String countedClient;
    /**
     * A hook succeeded ahead of any request entry (Tomcat's and Jetty's authenticators run before the
     * servlets): its count belongs to the request about to start, which keeps it once. A failure
     * there ends the request with the server's own 401, so it is forgotten at the next start.
     */
    boolean countedForNextRequest;
    /** The known-device cookie the hook's attempt came with (its nonce), or 0. */
    long device;
  }

  private final LoginRoute[] routes;
  private final LoginGuard guard;
  /** False when {@code login.mode: monitor}; the global mode is asked per decision. */
  private final boolean loginEnforces;
  private final OperatingMode mode;
  private final RequestKeys keys;
  private final LoginRecorder recorder;
  private DetectorChain reportTo;
  private final ThreadLocal<PerThread> thread;
  private final OwnLogins ownLogins;
  private final KnownDevices devices;

  LoginLockoutDetector(LoginRoute[] routes, LoginGuard guard, KnownDevices devices, boolean loginEnforces, OperatingMode mode, RequestKeys keys, LoginRecorder recorder) {
    this(routes, guard, devices, loginEnforces, mode, keys, recorder, null);
  }

  /**
   * @param previous the detector a reload replaces, or null: while the guard is the same, this one
   *     takes over what each thread holds (the request it serves, a hook's attempt in flight, whose
   *     places are in that guard) and what was learned about the app's own logins, so that a
   *     request that entered before the reload ends through this one with its places given back
   */
  LoginLockoutDetector(
      LoginRoute[] routes, LoginGuard guard, KnownDevices devices, boolean loginEnforces, OperatingMode mode, RequestKeys keys, LoginRecorder recorder,
      LoginLockoutDetector previous) {
    boolean sameGuard = previous != null && previous.guard == guard;
    this.thread = sameGuard ? previous.thread : ThreadLocal.withInitial(PerThread::new);
    this.devices = devices;
    this.routes = routes;
    this.guard = guard;
    this.loginEnforces = loginEnforces;
    this.mode = mode;
    this.keys = keys;
    this.recorder = recorder;
    this.ownLogins = new OwnLogins(guard, this::enforced, keys, recorder, sameGuard ? previous.ownLogins : null);
  }

  /** Whether a lockout is applied now (else only recorded). */
  boolean enforced() {
    return loginEnforces && mode.enforces();
  }

  /** Where every counted outcome goes for the other detectors' login-outcome moment; set once the chain exists. */
  void reportTo(DetectorChain chain) {
    this.reportTo = chain;
  }

  /**
   * Called for every request before the chain (the lists must not hide a request from the hooks inside
   * it): remembers the request for hooks, forgets what an earlier request on this thread left.
   */
  void requestStarted(RequestContext request) {
    PerThread state = thread.get();
    // hot path: one write, and reads of what is almost always null
    if (state.current != null || state.hook != null) {
      abandonAttempts(state); // an earlier request on this thread ended without its outcome
    }
    state.current = request;
    if (state.countedClient != null) {
      if (state.countedForNextRequest) {
        state.countedForNextRequest = false;
      } else {
        state.countedUser = null;
        state.countedClient = null;
      }
    }
  }

  /** Refuses a locked source on a login route; null when this is not one, or the source may try. */
  @Override
  public Decision onRequest(RequestContext request) {
    LoginRoute route = routes.length == 0 ? null : route(request);
    if (route == null) {
      return ownLogins.refuseLockedPassword(request);
    }
    String client = keys.client(request);
    if (client == null) {
      return null; // no source to judge: the outcome still counts toward the username on the way out
    }
    LoginVerdict verdict = guard.checkSource(client);
    if (verdict.allowed()) {
      request.loginAttempt = verdict.attempt();
      return null;
    }
    boolean enforced = enforced();
    recorder.lockout(request, keys.path(request), client, verdict.rule(), enforced, 429, verdict.retryAfterSeconds());
    return enforced ? Decision.throttle(verdict.rule(), verdict.retryAfterSeconds()) : null;
  }

  /**
   * The request was refused (a list, a lockout, a rate limit): no app, no exit follows. An attempt its
   * login route let through never happens, and its client must not be charged by a hook that runs
   * later on this thread outside any request.
   */
  @Override
  public void onRefused(RequestContext request) {
    if (request.loginAttempt != null) {
      guard.abandon((LoginAttempt) request.loginAttempt);
      request.loginAttempt = null;
    }
    PerThread state = thread.get();
    if (state.current != null || state.hook != null) {
      abandonAttempts(state);
    }
    state.current = null;
  }

  /** A login route's outcome, read from what the app answered, feeds the lockouts. */
  @Override
  public void onResponse(RequestContext request, int status, String location) {
    PerThread state = thread.get();
    state.current = null;
    LoginAttempt attempt = (LoginAttempt) request.loginAttempt;
    request.loginAttempt = null;
    String hookUser = state.countedUser;
    String hookClient = state.countedClient;
    if (attempt != null || state.hook != null || hookClient != null) { // hot path: none of them
      if (state.hook != null && state.hook != attempt) {
        guard.abandon(state.hook);
      }
      state.hook = null;
      state.countedUser = null;
      state.countedClient = null;
      state.countedForNextRequest = false;
    }
    LoginRoute route = routes.length == 0 ? null : route(request);
    if (route == null && attempt == null && hookClient == null) {
      LoginReport report = status == 401 ? ownLogins.countFailure(request) : ownLogins.countSuccess(request, status);
      if (report != null) {
        report(report);
      }
      return;
    }
    LoginOutcome outcome = route == null ? null : route.outcome(status, location);
    if (outcome == null) {
      if (attempt != null) {
        guard.abandon(attempt);
      }
      return;
    }
    String client = keys.client(request);
    String username = route.username(request);
    // the same attempt when its source matches and the names do, or the form gave no name to compare
    if (hookClient != null && hookClient.equals(client) && (username == null || Objects.equals(hookUser, username))) {
      if (attempt != null) {
        guard.abandon(attempt); // a no-op when the hook settled this very attempt
      }
      return; // an authentication hook already counted this attempt
    }
    LockoutStart started = attempt != null ? guard.record(attempt, username, outcome) : guard.record(username, client, outcome);
    String path = keys.path(request);
    if (outcome != LoginOutcome.SUCCESS) {
      recorder.failure(request, path, client, username, outcome);
    }
    if (started != null) {
      recorder.lockoutsStarted(request, client, username, started, enforced());
    }
    report(new LoginReport(request, path, username, client, outcome));
  }

  /** An authentication hook's attempt; true when the hook must fail it the framework's own way. */
  boolean onLoginAttempt(String framework, String username, String peer, String forwardedFor) {
    ownLogins.hookSeen();
    String client = hookClient(peer, forwardedFor);
    PerThread state = thread.get();
    if (state.hook != null) {
      guard.abandon(state.hook); // an earlier check on this thread whose outcome never came
      state.hook = null;
    }
    RequestContext current = state.current;
    if (current != null && current.allowListed) {
      return false; // an allow list let the request past every limit: its login is neither judged nor counted
    }
    LoginAttempt route = current == null ? null : (LoginAttempt) current.loginAttempt;
    if (route != null && Objects.equals(route.clientIp(), client)) {
      // the login route let this attempt in by its source; the hook knows the username, so it takes over
      guard.abandon(route);
      current.loginAttempt = null;
    }
    devices.abandoned(state.device); // an earlier check's device whose outcome never came
    state.device = 0;
    long device = devices.vouching(current, username);
    LoginVerdict verdict = guard.check(username, client, device != 0);
    if (verdict.allowed()) {
      state.hook = verdict.attempt();
      state.device = device;
      return false;
    }
    devices.abandoned(device);
    boolean enforced = enforced();
    recorder.lockout(null, "auth:" + framework, client, verdict.rule(), enforced, 401, verdict.retryAfterSeconds());
    if (enforced && client != null) {
      state.countedUser = username; // refused here: the login route must not count it again on the way out
      state.countedClient = client;
    }
    return enforced;
  }

  /** @param result a {@link LoginResult} constant; anything else is not counted */
  void onLoginOutcome(String framework, String username, String peer, String forwardedFor, int result) {
    LoginOutcome outcome = LoginOutcome.ofHookResult(result);
    PerThread state = thread.get();
    if (outcome == null) {
      if (state.hook != null) {
        guard.abandon(state.hook); // not about the password (a user store down): the place goes back
        state.hook = null;
      }
      devices.abandoned(state.device);
      state.device = 0;
      return;
    }
    if (state.current != null && state.current.allowListed) {
      return; // not counted, as its check was not made
    }
    boolean success = outcome == LoginOutcome.SUCCESS;
    String client = hookClient(peer, forwardedFor);
    LoginAttempt attempt = state.hook;
    state.hook = null;
    long device = state.device;
    state.device = 0;
    if (success) {
      devices.succeeded(state.current, username, device); // a failure keeps the try its device's check held
    }
    LockoutStart started;
    if (attempt != null && guard.isSameAttempt(attempt, username, client)) {
      started = guard.record(attempt, outcome);
    } else {
      if (attempt != null) {
        guard.abandon(attempt);
      }
      started = guard.record(username, client, outcome); // let through unchecked (monitor mode)
    }
    if (!success) {
      recorder.failure(null, "auth:" + framework, client, username, outcome);
    }
    if (started != null) {
      recorder.lockoutsStarted(null, client, username, started, enforced());
    }
    if (client != null) {
      state.countedUser = username;
      state.countedClient = client;
      state.countedForNextRequest = success && state.current == null;
    }
    report(new LoginReport(null, "auth:" + framework, username, client, outcome));
  }

  private void report(LoginReport report) {
    if (reportTo != null) {
      reportTo.onLoginOutcome(report);
    }
  }

  private void abandonAttempts(PerThread state) {
    RequestContext current = state.current;
    if (current != null && current.loginAttempt != null) {
      guard.abandon((LoginAttempt) current.loginAttempt);
      current.loginAttempt = null;
    }
    if (state.hook != null) {
      guard.abandon(state.hook);
    }
    state.hook = null;
    devices.abandoned(state.device);
    state.device = 0;
  }

  /** The hook's own view of the caller if it has one, else the current request's client (or null: username only). */
  private String hookClient(String peer, String forwardedFor) {
    if (peer != null) {
      return keys.clients().resolve(peer, forwardedFor);
    }
    RequestContext current = thread.get().current;
    return current == null ? null : keys.client(current);
  }

  private LoginRoute route(RequestContext request) {
    String path = keys.path(request);
    for (LoginRoute route : routes) {
      if (route.matches(request.method, path)) {
        return route;
      }
    }
    return null;
  }
}
