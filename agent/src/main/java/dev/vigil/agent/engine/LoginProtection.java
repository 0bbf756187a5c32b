package dev.vigil.agent.engine;

import dev.vigil.agent.caller.ClientAddressResolver;
import dev.vigil.agent.limit.RoutePath;
import dev.vigil.agent.login.LockoutStart;
import dev.vigil.agent.login.LoginAttempt;
import dev.vigil.agent.login.LoginGuard;
import dev.vigil.agent.login.LoginOutcome;
import dev.vigil.agent.login.LoginRoute;
import dev.vigil.agent.login.LoginVerdict;
import dev.vigil.bootstrap.Decision;
import dev.vigil.bootstrap.LoginResult;
import dev.vigil.bootstrap.RequestFacts;
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
final class LoginProtection {
  /** How lockouts and failed logins reach the audit trail, the counters and telemetry. */
  interface LoginRecorder {
    /** @param facts the login route's request, or null for an authentication hook */
    void lockout(RequestFacts facts, String method, String path, String client, String rule, boolean enforced, int status, long retryAfterSeconds);

    /**
     * @param facts the login route's request, or null for an authentication hook
     * @param path the login route, or {@code auth:<hook>}
     * @param username as typed (telemetry exports it as user.id or user.hash; the audit never keeps it)
     */
    void failure(RequestFacts facts, String method, String path, String client, String username, LoginOutcome outcome);

    /** Lockouts one outcome started (rare); {@code enforced} false in monitor mode. */
    void lockoutsStarted(RequestFacts facts, String client, String username, LockoutStart started, boolean enforced);
  }

  /** One thread's login state, reused from request to request. Strings and attempts only, never the request. */
  private static final class PerThread {
    /** The current request's client, for hooks that run without the request (Spring's manager). */
    String client;
    /** The login route's attempt in the current request, until the app answers. */
    LoginAttempt route;
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
  }

  private final LoginRoute[] routes;
  private final LoginGuard guard;
  private final boolean enforced;
  private final ClientAddressResolver clients;
  private final LoginRecorder recorder;
  private final ThreadLocal<PerThread> thread = ThreadLocal.withInitial(PerThread::new);

  LoginProtection(LoginRoute[] routes, LoginGuard guard, boolean enforced, ClientAddressResolver clients, LoginRecorder recorder) {
    this.routes = routes;
    this.guard = guard;
    this.enforced = enforced;
    this.clients = clients;
    this.recorder = recorder;
  }

  /** Called for every request first: remembers its client for hooks, forgets what an earlier request left. */
  void requestStarted(String client) {
    PerThread state = thread.get();
    state.client = client;
    // hot path: one write, and reads of what is almost always null
    if (state.route != null || state.hook != null) {
      abandonAttempts(state); // an earlier request on this thread ended without its outcome
    }
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
  Decision checkRoute(RequestFacts facts, String client) {
    if (routes.length == 0) {
      return null;
    }
    LoginRoute route = route(facts);
    if (route == null) {
      return null;
    }
    if (client == null) {
      return null; // no source to judge: the outcome still counts toward the username on the way out
    }
    LoginVerdict verdict = guard.checkSource(client);
    if (verdict.allowed()) {
      thread.get().route = verdict.attempt();
      return null;
    }
    recorder.lockout(facts, facts.method, RoutePath.normalise(facts.path), client, verdict.rule(), enforced, 429, verdict.retryAfterSeconds());
    return enforced ? Decision.throttle(verdict.rule(), verdict.retryAfterSeconds()) : null;
  }

  /**
   * The request was refused (a list, a lockout, a rate limit): no app, no exit follows. An attempt its
   * login route let through never happens, and its client must not be charged by a hook that runs
   * later on this thread outside any request.
   */
  void requestRefused() {
    PerThread state = thread.get();
    state.client = null;
    if (state.route != null || state.hook != null) {
      abandonAttempts(state);
    }
  }

  /** A login route's outcome, read from what the app answered, feeds the lockouts. */
  void onResponse(RequestFacts facts, int status, String location) {
    PerThread state = thread.get();
    state.client = null;
    LoginAttempt attempt = state.route;
    String hookUser = state.countedUser;
    String hookClient = state.countedClient;
    if (attempt != null || state.hook != null || hookClient != null) { // hot path: none of them
      if (state.hook != null && state.hook != attempt) {
        guard.abandon(state.hook);
      }
      state.route = null;
      state.hook = null;
      state.countedUser = null;
      state.countedClient = null;
      state.countedForNextRequest = false;
    }
    LoginRoute route = routes.length == 0 ? null : route(facts);
    LoginOutcome outcome = route == null ? null : route.outcome(status, location);
    if (outcome == null) {
      if (attempt != null) {
        guard.abandon(attempt);
      }
      return;
    }
    String client = clients.resolve(facts.peerAddress, facts.forwardedFor);
    String username = route.username(facts.request);
    // the same attempt when its source matches and the names do, or the form gave no name to compare
    if (hookClient != null && hookClient.equals(client) && (username == null || Objects.equals(hookUser, username))) {
      if (attempt != null) {
        guard.abandon(attempt); // a no-op when the hook settled this very attempt
      }
      return; // an authentication hook already counted this attempt
    }
    LockoutStart started = attempt != null ? guard.record(attempt, username, outcome) : guard.record(username, client, outcome);
    if (outcome != LoginOutcome.SUCCESS) {
      recorder.failure(facts, facts.method, RoutePath.normalise(facts.path), client, username, outcome);
    }
    if (started != null) {
      recorder.lockoutsStarted(facts, client, username, started, enforced);
    }
  }

  /** An authentication hook's attempt; true when the hook must fail it the framework's own way. */
  boolean onLoginAttempt(String framework, String username, String peer, String forwardedFor) {
    String client = hookClient(peer, forwardedFor);
    PerThread state = thread.get();
    if (state.hook != null) {
      guard.abandon(state.hook); // an earlier check on this thread whose outcome never came
      state.hook = null;
    }
    if (state.route != null && Objects.equals(state.route.clientIp(), client)) {
      // the login route let this attempt in by its source; the hook knows the username, so it takes over
      guard.abandon(state.route);
      state.route = null;
    }
    LoginVerdict verdict = guard.check(username, client);
    if (verdict.allowed()) {
      state.hook = verdict.attempt();
      return false;
    }
    recorder.lockout(null, null, "auth:" + framework, client, verdict.rule(), enforced, 401, verdict.retryAfterSeconds());
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
      return;
    }
    boolean success = outcome == LoginOutcome.SUCCESS;
    String client = hookClient(peer, forwardedFor);
    LoginAttempt attempt = state.hook;
    state.hook = null;
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
      recorder.failure(null, null, "auth:" + framework, client, username, outcome);
    }
    if (started != null) {
      recorder.lockoutsStarted(null, client, username, started, enforced);
    }
    if (client != null) {
      state.countedUser = username;
      state.countedClient = client;
      state.countedForNextRequest = success && state.client == null;
    }
  }

  private void abandonAttempts(PerThread state) {
    if (state.route != null) {
      guard.abandon(state.route);
    }
    if (state.hook != null) {
      guard.abandon(state.hook);
    }
    state.route = null;
    state.hook = null;
  }

  /** The hook's own view of the caller if it has one, else the current request's client (or null: username only). */
  private String hookClient(String peer, String forwardedFor) {
    return peer != null ? clients.resolve(peer, forwardedFor) : thread.get().client;
  }

  private LoginRoute route(RequestFacts facts) {
    String path = RoutePath.normalise(facts.path);
    for (LoginRoute route : routes) {
      if (route.matches(facts.method, path)) {
        return route;
      }
    }
    return null;
  }
}
