package dev.vigil.agent.detect.refusal;

import dev.vigil.agent.config.DetectorAction;
import dev.vigil.agent.config.KeyType;
import dev.vigil.agent.engine.DecisionRecorder;
import dev.vigil.agent.engine.OperatingMode;
import dev.vigil.bootstrap.Decision;
import dev.vigil.bootstrap.RequestContext;

/**
 * How a behavioural detector answers a caller it refuses, from its policy action and the global
 * mode as it is at that moment: {@code throttle} is 429 with {@code Retry-After}, {@code block} is
 * 403; under {@code monitor} (the detector's or the policy's) the refusal is recorded and the
 * request goes through.
 */
public final class RefusalAction {
  private final DetectorAction action;
  private final boolean refuses;
  private final OperatingMode mode;

  public RefusalAction(DetectorAction action, OperatingMode mode) {
    this.action = action;
    this.refuses = action == DetectorAction.THROTTLE || action == DetectorAction.BLOCK;
    this.mode = mode;
  }

  /**
   * Records the refusal of {@code request} (the decision event with its caller, and the count) and
   * returns what the request gets: the refusal when enforced, else null.
   */
  public Decision refuse(DecisionRecorder decisions, RequestContext request, String rule, long retryAfterSeconds, KeyType type, String key, String client) {
    boolean enforced = refuses && mode.enforces();
    if (action == DetectorAction.BLOCK) {
      decisions.block(request, rule, enforced, type, key, client);
    } else {
      decisions.throttle(request, rule, enforced, retryAfterSeconds, type, key, client, null);
    }
    decisions.refused(enforced);
    if (!enforced) {
      return null;
    }
    return action == DetectorAction.BLOCK ? Decision.block(rule) : Decision.throttle(rule, retryAfterSeconds);
  }
}
