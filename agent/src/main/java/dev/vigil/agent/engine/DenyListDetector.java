package dev.vigil.agent.engine;

import dev.vigil.agent.detect.Detector;
import dev.vigil.agent.net.CidrSet;
import dev.vigil.bootstrap.Decision;
import dev.vigil.bootstrap.RequestContext;

/**
 * {@code deny}: a listed client is refused with 403 (rule {@code deny-list}). Monitored, the refusal
 * is recorded and the rest of the chain still judges the request (and records its own refusals), so
 * that what monitor mode counted is what an operator's switch to enforce acts on.
 */
final class DenyListDetector implements Detector {
  static final String RULE = "deny-list";

  private final CidrSet deny;
  private final RequestKeys keys;
  private final NetworkBlock block;

  DenyListDetector(CidrSet deny, RequestKeys keys, NetworkBlock block) {
    this.deny = deny;
    this.keys = keys;
    this.block = block;
  }

  @Override
  public Decision onRequest(RequestContext request) {
    String client = keys.client(request);
    return deny.containsLiteral(client) ? block.refuse(request, client) : null;
  }
}
