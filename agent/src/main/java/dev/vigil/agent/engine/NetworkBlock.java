package dev.vigil.agent.engine;

import dev.vigil.agent.config.KeyType;
import dev.vigil.agent.event.Counts;
import dev.vigil.bootstrap.Decision;
import dev.vigil.bootstrap.RequestContext;

/**
 * The 403 of a listed network (the policy's deny list, an operator's ban): recorded under its rule,
 * then applied; in monitor mode only recorded, and the rest of the chain still judges the request.
 */
final class NetworkBlock {
  private final String rule;
  private final OperatingMode mode;
  private final DecisionRecorder decisions;
  private final Counts counts;
  private final Decision refusal;

  NetworkBlock(String rule, OperatingMode mode, DecisionRecorder decisions, Counts counts) {
    this.rule = rule;
    this.mode = mode;
    this.decisions = decisions;
    this.counts = counts;
    this.refusal = Decision.block(rule);
  }

  Decision refuse(RequestContext request, String client) {
    boolean enforced = mode.enforces();
    decisions.block(request, rule, enforced, KeyType.IP, client, client);
    if (enforced) {
      counts.requestBlocked();
      return refusal;
    }
    counts.requestMonitored();
    return null; // monitored: recorded, and the rest of the chain still counts the request, as enforcement would see it
  }
}
