package dev.vigil.agent.engine;

import dev.vigil.agent.config.KeyType;
import dev.vigil.agent.detect.Detector;
import dev.vigil.agent.event.Counts;
import dev.vigil.agent.event.VigilEvent;
import dev.vigil.bootstrap.Decision;
import dev.vigil.bootstrap.RequestContext;

/**
 * First in the chain: an operator's ban answers 403 (rule {@code operator-ban}) the way the deny
 * list does, monitor mode included; an operator's allow passes the client past everything else.
 */
final class OperatorListDetector implements Detector {
  static final String RULE = "operator-ban";

  private final OperatorLists lists;
  private final OperatingMode mode;
  private final RequestKeys keys;
  private final DecisionRecorder decisions;
  private final Counts counts;
  private final Decision refusal = Decision.block(RULE);

  OperatorListDetector(OperatorLists lists, OperatingMode mode, RequestKeys keys, DecisionRecorder decisions, Counts counts) {
    this.lists = lists;
    this.mode = mode;
    this.keys = keys;
    this.decisions = decisions;
    this.counts = counts;
  }

  @Override
  public Decision onRequest(RequestContext request) {
    if (lists.isEmpty()) {
      return null;
    }
    OperatorLists.Entry entry = lists.match(keys.client(request));
    if (entry == null) {
      return null;
    }
    if (!entry.ban) {
      return Decision.ALLOW;
    }
    String client = keys.client(request);
    boolean enforced = mode.enforces();
    decisions.record(request, VigilEvent.block(RULE, enforced).caller(KeyType.IP, client).client(client));
    if (enforced) {
      counts.requestBlocked();
      return refusal;
    }
    counts.requestMonitored();
    return null; // monitored: recorded, and the rest of the chain still counts the request, as enforcement would see it
  }
}
