package dev.vigil.agent.detect;

import dev.vigil.bootstrap.Decision;
import dev.vigil.bootstrap.RequestContext;

/**
 * One link of the engine's chain. It sees three moments of a request: the request (in chain order,
 * where it may return a verdict), the response of an allowed request, and every login outcome
 * counted anywhere in the process. Detectors run on request threads: every moment must be fast,
 * must not block, and must not allocate for a caller in good standing.
 *
 * <p>The verdict is a {@link Decision} or null: null lets the next detector judge; {@link
 * Decision#ALLOW} lets the request through without asking the rest of the chain (the allow list); a
 * blocking decision refuses it and ends the chain. A detector in monitor mode records what it would
 * have done and never refuses (the deny list in monitor mode still lets the request skip the rest of
 * the chain, as an allow would).
 */
public interface Detector {
  Decision onRequest(RequestContext request);

  /** An inner entry has seen the principal of a request that waited for it (user-keyed rules). */
  default Decision onPrincipal(RequestContext request, String principal) {
    return null;
  }

  /**
   * An allowed request has been answered: {@code status} is 500 when the app threw, -1 when not known
   * yet (async); {@code location} is the {@code Location} header or null.
   */
  default void onResponse(RequestContext request, int status, String location) {}

  /** A request was refused (by this detector or another): the app never runs and no response moment follows. */
  default void onRefused(RequestContext request) {}

  /** A login outcome was counted, from a login route or an authentication hook. */
  default void onLoginOutcome(LoginReport report) {}

  /** Keys its tables hold now (estimated; bounded by its caps), for tests and diagnostics, never per request. */
  /** Forgets what it holds against {@code callers} (an operator's unlock); returns how many entries went. */
  default int forget(CallerFilter callers) {
    return 0;
  }

  default long trackedKeys() {
    return 0;
  }
}
