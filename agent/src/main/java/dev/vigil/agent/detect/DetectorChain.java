package dev.vigil.agent.detect;

import dev.vigil.bootstrap.Decision;
import dev.vigil.bootstrap.RequestContext;
import java.util.List;

/** The detectors in policy order, and the loop each moment of a request runs over them. */
public final class DetectorChain {
  private final Detector[] detectors;

  public DetectorChain(List<Detector> detectors) {
    this.detectors = detectors.toArray(new Detector[0]);
  }

  /** The first verdict in chain order; {@link Decision#ALLOW} when no detector has one. */
  public Decision onRequest(RequestContext request) {
    for (Detector detector : detectors) {
      Decision verdict = detector.onRequest(request);
      if (verdict != null) {
        return verdict.blocks() ? refused(request, verdict) : verdict;
      }
    }
    return Decision.ALLOW;
  }

  public Decision onPrincipal(RequestContext request, String principal) {
    if (request.allowListed) {
      return Decision.ALLOW; // past every limit, user-keyed ones too
    }
    for (Detector detector : detectors) {
      Decision verdict = detector.onPrincipal(request, principal);
      if (verdict != null && verdict.blocks()) {
        return refused(request, verdict);
      }
    }
    return Decision.ALLOW;
  }

  public void onResponse(RequestContext request, int status, String location) {
    for (Detector detector : detectors) {
      detector.onResponse(request, status, location);
    }
  }

  public void onLoginOutcome(LoginReport report) {
    for (Detector detector : detectors) {
      detector.onLoginOutcome(report);
    }
  }

  private Decision refused(RequestContext request, Decision verdict) {
    for (Detector detector : detectors) {
      detector.onRefused(request);
    }
    return verdict;
  }

  /** Keys all its detectors' tables hold now (estimated). */
  public long trackedKeys() {
    long keys = 0;
    for (Detector detector : detectors) {
      keys += detector.trackedKeys();
    }
    return keys;
  }
}
