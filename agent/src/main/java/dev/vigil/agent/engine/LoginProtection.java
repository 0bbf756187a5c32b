package dev.vigil.agent.engine;

import dev.vigil.agent.caller.ClientAddressResolver;
import dev.vigil.agent.limit.RoutePath;
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
 * password is checked; in monitor mode the lockout is only recorded.
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
  }

  private final LoginRoute[] routes;
  private final LoginGuard guard;
  private final boolean enforced;
  private final ClientAddressResolver clients;
  private final LoginRecorder recorder;
  /**
   * Per thread: {client of the current request, username and client an authentication hook
   * recorded}. The client lets a hook without the HTTP request (a realm called from the app) key
   * its attempt by source; the recorded pair lets a login route skip an attempt a hook already
   * counted. Strings only, never the request.
   */
  private final ThreadLocal<String[]> thread = ThreadLocal.withInitial(() -> new String[3]);

  LoginProtection(LoginRoute[] routes, LoginGuard guard, boolean enforced, ClientAddressResolver clients, LoginRecorder recorder) {
    this.routes = routes;
    this.guard = guard;
    this.enforced = enforced;
    this.clients = clients;
    this.recorder = recorder;
  }

  /** Called for every request first: remembers its client for hooks that run without the request. */
  void requestStarted(String client) {
    thread.get()[0] = client;
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
    LoginVerdict verdict = guard.check(route.username(facts.request), client);
    if (verdict.allowed()) {
      return null;
    }
    recorder.lockout(facts, facts.method, facts.path, client, verdict.rule(), enforced, 429, verdict.retryAfterSeconds());
    return enforced ? Decision.throttle(verdict.rule(), verdict.retryAfterSeconds()) : null;
  }

  /** A login route's outcome, read from what the app answered, feeds the lockouts. */
  void onResponse(RequestFacts facts, int status, String location) {
    String[] state = thread.get();
    String hookUser = state[1];
    String hookClient = state[2];
    state[0] = null;
    state[1] = null;
    state[2] = null;
    LoginRoute route = routes.length == 0 ? null : route(facts);
    LoginOutcome outcome = route == null ? null : route.outcome(status, location);
    if (outcome == null) {
      return;
    }
    String client = clients.resolve(facts.peerAddress, facts.forwarded, facts.xForwardedFor);
    String username = route.username(facts.request);
    if (hookClient != null && hookClient.equals(client) && Objects.equals(hookUser, username)) {
      return; // an authentication hook already counted this attempt
    }
    guard.record(username, client, outcome);
    if (outcome != LoginOutcome.SUCCESS) {
      recorder.failure(facts, facts.method, facts.path, client, username, outcome);
    }
  }

  /** An authentication hook's attempt; true when the hook must fail it the framework's own way. */
  boolean onLoginAttempt(String framework, String username, String peer, String forwarded, String xForwardedFor) {
    String client = hookClient(peer, forwarded, xForwardedFor);
    LoginVerdict verdict = guard.check(username, client);
    if (verdict.allowed()) {
      return false;
    }
    recorder.lockout(null, null, "auth:" + framework, client, verdict.rule(), enforced, 401, verdict.retryAfterSeconds());
    return enforced;
  }

  /** @param result a {@link LoginResult} constant; anything else is not counted */
  void onLoginOutcome(String framework, String username, String peer, String forwarded, String xForwardedFor, int result) {
    LoginOutcome outcome = outcomeOf(result);
    if (outcome == null) {
      return;
    }
    String client = hookClient(peer, forwarded, xForwardedFor);
    guard.record(username, client, outcome);
    if (outcome != LoginOutcome.SUCCESS) {
      recorder.failure(null, null, "auth:" + framework, client, username, outcome);
    }
    if (client != null) {
      String[] state = thread.get();
      state[1] = username;
      state[2] = client;
    }
  }

  private static LoginOutcome outcomeOf(int result) {
    switch (result) {
      case LoginResult.SUCCESS:
        return LoginOutcome.SUCCESS;
      case LoginResult.FAILURE:
        return LoginOutcome.FAILURE;
      case LoginResult.UNKNOWN_USER:
        return LoginOutcome.UNKNOWN_USER;
      default:
        return null;
    }
  }

  /** The hook's own view of the caller if it has one, else the current request's client (or null: username only). */
  private String hookClient(String peer, String forwarded, String xForwardedFor) {
    return peer != null ? clients.resolve(peer, forwarded, xForwardedFor) : thread.get()[0];
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
