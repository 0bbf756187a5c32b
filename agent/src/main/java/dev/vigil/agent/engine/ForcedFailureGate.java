package dev.vigil.agent.engine;

import dev.vigil.bootstrap.AllowAllGate;
import dev.vigil.bootstrap.Decision;
import dev.vigil.bootstrap.RequestContext;

/**
 * Installed instead of the engine under {@code -Dvigil.test.failEngine=true}: every request check
 * fails on purpose, so integration tests can prove end to end that the one fail-open guard ({@code
 * VigilHooks}) lets requests through untouched and logs once. Everything else is a no-op.
 */
public final class ForcedFailureGate extends AllowAllGate {
  static final String MESSAGE = "forced engine failure (vigil.test.failEngine)";

  @Override
  public Decision onRequest(RequestContext request) {
    throw new IllegalStateException(MESSAGE);
  }
}
