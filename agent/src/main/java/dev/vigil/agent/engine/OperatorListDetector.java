package dev.vigil.agent.engine;

import dev.vigil.agent.detect.Detector;
import dev.vigil.bootstrap.Decision;
import dev.vigil.bootstrap.RequestContext;

/**
 * First in the chain: an operator's ban answers 403 (rule {@code operator-ban}) the way the deny
 * list does, monitor mode included; an operator's allow passes the client past everything else.
 */
final class OperatorListDetector implements Detector {
  static final String RULE = "operator-ban";

  private final OperatorLists lists;
  private final RequestKeys keys;
  private final NetworkBlock block;

  OperatorListDetector(OperatorLists lists, RequestKeys keys, NetworkBlock block) {
    this.lists = lists;
    this.keys = keys;
    this.block = block;
  }

  @Override
  public Decision onRequest(RequestContext request) {
    if (lists.isEmpty()) {
      return null;
    }
    String client = keys.client(request);
    OperatorLists.Entry entry = lists.match(client);
    if (entry == null) {
      return null;
    }
    if (entry.ban) {
      return block.refuse(request, client);
    }
    request.allowListed = true;
    return Decision.ALLOW;
  }
}
