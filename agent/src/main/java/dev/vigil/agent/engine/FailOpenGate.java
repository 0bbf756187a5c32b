package dev.vigil.agent.engine;

import dev.vigil.bootstrap.AgentLog;
import dev.vigil.bootstrap.Decision;
import dev.vigil.bootstrap.RequestFacts;
import dev.vigil.bootstrap.RequestGate;

/**
 * Whatever goes wrong inside the engine, the request proceeds: any Throwable becomes {@link
 * Decision#ALLOW} and a rate-limited error line. With {@code forcedFailure} (set by the agent from
 * {@code -Dvigil.test.failEngine=true}) every request fails on purpose, so integration tests can
 * prove the fail-open path end to end.
 */
public final class FailOpenGate implements RequestGate {
  static final String FORCED_FAILURE_MESSAGE = "forced engine failure (vigil.test.failEngine)";

  private final RequestGate delegate;
  private final boolean forcedFailure;

  public FailOpenGate(RequestGate delegate, boolean forcedFailure) {
    this.delegate = delegate;
    this.forcedFailure = forcedFailure;
  }

  @Override
  public Decision onRequest(RequestFacts facts) {
    try {
      if (forcedFailure) {
        throw new IllegalStateException(FORCED_FAILURE_MESSAGE);
      }
      Decision decision = delegate.onRequest(facts);
      return decision == null ? Decision.ALLOW : decision;
    } catch (Throwable t) {
      AgentLog.errorOnce("engine", "engine failed; request allowed (fail-open)", t);
      return Decision.ALLOW;
    }
  }

  @Override
  public Decision onPrincipal(RequestFacts facts, String principal) {
    try {
      Decision decision = delegate.onPrincipal(facts, principal);
      return decision == null ? Decision.ALLOW : decision;
    } catch (Throwable t) {
      AgentLog.errorOnce("engine-principal", "engine failed on a user rule; request allowed (fail-open)", t);
      return Decision.ALLOW;
    }
  }

  @Override
  public void onBlockFailed(RequestFacts facts, Decision decision) {
    try {
      delegate.onBlockFailed(facts, decision);
    } catch (Throwable t) {
      AgentLog.errorOnce("engine-block-failed", "engine failed to record a block that could not be applied", t);
    }
  }

  @Override
  public void onResponse(RequestFacts facts, int status, String location) {
    if (forcedFailure) {
      return;
    }
    try {
      delegate.onResponse(facts, status, location);
    } catch (Throwable t) {
      AgentLog.errorOnce("engine-response", "engine failed to read a response; nothing changed", t);
    }
  }

  @Override
  public boolean onLoginAttempt(String framework, String username, String peer, String forwardedFor) {
    if (forcedFailure) {
      return false;
    }
    try {
      return delegate.onLoginAttempt(framework, username, peer, forwardedFor);
    } catch (Throwable t) {
      AgentLog.errorOnce("engine-login", "engine failed to check a login; attempt allowed (fail-open)", t);
      return false;
    }
  }

  @Override
  public void onLoginOutcome(String framework, String username, String peer, String forwardedFor, int result) {
    if (forcedFailure) {
      return;
    }
    try {
      delegate.onLoginOutcome(framework, username, peer, forwardedFor, result);
    } catch (Throwable t) {
      AgentLog.errorOnce("engine-login-outcome", "engine failed to record a login outcome; nothing changed", t);
    }
  }
}
