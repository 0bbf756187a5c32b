package dev.vigil.bootstrap;

/**
 * The one place advice reaches the engine. Until the agent installs its gate, every request is
 * allowed (no-op default), and any failure inside the gate lets the request through.
 */
public final class VigilHooks {
  private static final RequestGate ALLOW_ALL = new AllowAllGate();

  private static volatile RequestGate gate = ALLOW_ALL;
  private static volatile String apiKeyHeader;
  private static volatile String clientIpHeader = "X-Forwarded-For";

  private VigilHooks() {}

  public static void install(RequestGate requestGate, String apiKeyHeaderName, String clientIpHeaderName) {
    apiKeyHeader = apiKeyHeaderName;
    clientIpHeader = clientIpHeaderName == null ? "X-Forwarded-For" : clientIpHeaderName;
    gate = requestGate == null ? ALLOW_ALL : requestGate;
  }

  /** Back to allowing everything; used when the agent is disabled or shut down. */
  public static void uninstall() {
    gate = ALLOW_ALL;
  }

  /** Name of the request header that carries an API key, or null when none is configured. */
  public static String apiKeyHeader() {
    return apiKeyHeader;
  }

  /** Name of the one forwarding header the policy trusts ({@code X-Forwarded-For} unless configured); never null. */
  public static String clientIpHeader() {
    return clientIpHeader;
  }

  /** Fail-open entry for advice: whatever goes wrong, the request proceeds. */
  public static Decision onRequest(RequestContext request) {
    try {
      Decision decision = gate.onRequest(request);
      return decision == null ? Decision.ALLOW : decision;
    } catch (Throwable t) {
      AgentLog.errorOnce("gate", "request check failed; request allowed", t);
      return Decision.ALLOW;
    }
  }

  /** Fail-open check of a parked request's user rules once an inner entry sees its principal. */
  public static Decision onPrincipal(RequestContext request, String principal) {
    AwaitedPrincipal.clear();
    try {
      Decision decision = gate.onPrincipal(request, principal);
      return decision == null ? Decision.ALLOW : decision;
    } catch (Throwable t) {
      AgentLog.errorOnce("gate-principal", "user rule check failed; request allowed", t);
      return Decision.ALLOW;
    }
  }

  /** Fail-open exit hook for advice: nothing the engine does here can change the response. */
  public static void onResponse(RequestContext request, int status, String location) {
    try {
      gate.onResponse(request, status, location);
    } catch (Throwable t) {
      AgentLog.errorOnce("gate-response", "response accounting failed", t);
    }
  }

  public static void onBlockFailed(RequestContext request, Decision decision) {
    try {
      gate.onBlockFailed(request, decision);
    } catch (Throwable t) {
      AgentLog.errorOnce("gate-block-failed", "block-failure accounting failed", t);
    }
  }

  /**
   * Fail-open entry for authentication hooks: true only when the engine says the source is locked
   * out; any failure lets the attempt reach the password check.
   */
  public static boolean onLoginAttempt(String framework, String username, String peer, String forwardedFor) {
    try {
      return gate.onLoginAttempt(framework, username, peer, forwardedFor);
    } catch (Throwable t) {
      AgentLog.errorOnce("gate-login", "login check failed; attempt allowed", t);
      return false;
    }
  }

  /**
   * Fail-open exit for authentication hooks: nothing here can change the framework's answer.
   * {@code result} is a {@link LoginResult} constant; {@link LoginResult#NOT_COUNTED} is dropped here.
   */
  public static void onLoginOutcome(String framework, String username, String peer, String forwardedFor, int result) {
    if (result == LoginResult.NOT_COUNTED) {
      return;
    }
    try {
      gate.onLoginOutcome(framework, username, peer, forwardedFor, result);
    } catch (Throwable t) {
      AgentLog.errorOnce("gate-login-outcome", "login outcome accounting failed", t);
    }
  }
}
