package dev.vigil.bootstrap;

/**
 * A gate that allows every request and every login attempt and records nothing: what advice talks
 * to before the agent installs its engine, and the base for test gates, so a method added to
 * {@link RequestGate} is written once here rather than in every no-op implementation.
 */
public class AllowAllGate implements RequestGate {
  @Override
  public Decision onRequest(RequestContext request) {
    return Decision.ALLOW;
  }

  @Override
  public void onBlockFailed(RequestContext request, Decision decision) {}

  @Override
  public void onResponse(RequestContext request, int status, String location) {}

  @Override
  public Decision onPrincipal(RequestContext request, String principal) {
    return Decision.ALLOW;
  }

  @Override
  public boolean onLoginAttempt(String framework, String username, String peer, String forwardedFor) {
    return false;
  }

  @Override
  public void onLoginOutcome(String framework, String username, String peer, String forwardedFor, int result) {}
}
