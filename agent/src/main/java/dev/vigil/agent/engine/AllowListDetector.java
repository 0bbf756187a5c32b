package dev.vigil.agent.engine;

import dev.vigil.agent.detect.Detector;
import dev.vigil.agent.net.CidrSet;
import dev.vigil.bootstrap.Decision;
import dev.vigil.bootstrap.RequestContext;

/** {@code allow}: a listed client passes without asking the rest of the chain (no login lockout, no rule). */
final class AllowListDetector implements Detector {
  private final CidrSet allow;
  private final RequestKeys keys;

  AllowListDetector(CidrSet allow, RequestKeys keys) {
    this.allow = allow;
    this.keys = keys;
  }

  @Override
  public Decision onRequest(RequestContext request) {
    if (!allow.containsLiteral(keys.client(request))) {
      return null;
    }
    request.allowListed = true;
    return Decision.ALLOW;
  }
}
