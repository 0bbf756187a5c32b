package dev.vigil.agent.engine;

import dev.vigil.agent.config.KeyType;
import dev.vigil.agent.detect.Detector;
import dev.vigil.agent.event.Counts;
import dev.vigil.agent.event.VigilEvent;
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
  private final OperatingMode mode;
  private final RequestKeys keys;
  private final DecisionRecorder decisions;
  private final Counts counts;
  private final Decision refusal = Decision.block(RULE);

  DenyListDetector(CidrSet deny, OperatingMode mode, RequestKeys keys, DecisionRecorder decisions, Counts counts) {
    this.deny = deny;
    this.mode = mode;
    this.keys = keys;
    this.decisions = decisions;
    this.counts = counts;
  }

  @Override
  public Decision onRequest(RequestContext request) {
    String client = keys.client(request);
    if (!deny.containsLiteral(client)) {
      return null;
    }
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
