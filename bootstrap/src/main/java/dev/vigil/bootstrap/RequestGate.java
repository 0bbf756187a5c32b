package dev.vigil.bootstrap;

/** The engine as advice sees it. Implemented inside the isolated agent class loader. */
public interface RequestGate {
  /** Decides what to do with one request; must be fast and must not block on I/O. */
  Decision onRequest(RequestContext request);

  /**
   * An inner entry of a request the engine parked in {@link AwaitedPrincipal} sees its principal: the
   * rules keyed by user are checked now. Must be fast; called at most once per request.
   */
  Decision onPrincipal(RequestContext request, String principal);

  /** Called when advice wanted to block but the response was already committed. */
  void onBlockFailed(RequestContext request, Decision decision);

  /**
   * Called when the outermost entry of an allowed request returns, with the status the app set
   * and its {@code Location} header (null if none): how a login route's outcome is read. The status is
   * 500 when the app threw, -1 when it is not known yet (async work still to answer, or no response sent).
   */
  void onResponse(RequestContext request, int status, String location);

  /**
   * An authentication hook (a realm, a login service) is about to check a password. {@code peer} and
   * {@code forwardedFor} (the trusted forwarding header, all lines joined) describe the caller when the hook can see the HTTP
   * request (all null otherwise: the engine then uses the current request's client, if any).
   *
   * @return true when the source is locked out: the hook fails the authentication the framework's
   *     own way, before the password is checked
   */
  boolean onLoginAttempt(String framework, String username, String peer, String forwardedFor);

  /**
   * The outcome of an attempt that {@link #onLoginAttempt} let through: one of the {@link
   * LoginResult} constants ({@link LoginResult#NOT_COUNTED} is not reported).
   */
  void onLoginOutcome(String framework, String username, String peer, String forwardedFor, int result);
}
