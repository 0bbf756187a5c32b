package dev.vigil.agent.detect.refusal;

import dev.vigil.agent.config.DetectorAction;
import dev.vigil.agent.config.KeyType;
import dev.vigil.agent.config.Mode;
import dev.vigil.agent.event.EventBuilder;
import dev.vigil.agent.event.VigilEvent;
import dev.vigil.agent.engine.DecisionRecorder;
import dev.vigil.bootstrap.Decision;
import dev.vigil.bootstrap.RequestContext;

/**
 * How a behavioural detector answers a caller it refuses, from its policy action and the global
 * mode: {@code throttle} is 429 with {@code Retry-After}, {@code block} is 403; under {@code monitor}
 * (the detector's or the policy's) the refusal is recorded and the request goes through.
 */
public final class RefusalAction {
  private final DetectorAction action;
  private final boolean enforced;

  public RefusalAction(DetectorAction action, Mode mode) {
    this.action = action;
    this.enforced = mode == Mode.ENFORCE && (action == DetectorAction.THROTTLE || action == DetectorAction.BLOCK);
  }

  public boolean enforced() {
    return enforced;
  }

  /** The decision event, before its caller is named. */
  public EventBuilder event(String rule, long retryAfterSeconds) {
    return action == DetectorAction.BLOCK ? VigilEvent.block(rule, enforced) : VigilEvent.throttle(rule, enforced, retryAfterSeconds);
  }

  /**
   * Records the refusal of {@code request} (the decision event with its caller, and the count) and
   * returns what the request gets: the refusal when enforced, else null.
   */
  public Decision refuse(DecisionRecorder decisions, RequestContext request, String rule, long retryAfterSeconds, KeyType type, String key, String client) {
    decisions.record(request, event(rule, retryAfterSeconds).caller(type, key).client(client));
    decisions.refused(enforced);
    return decision(rule, retryAfterSeconds);
  }

  /** What the request gets: the refusal when enforced, else null (the next detector judges). */
  public Decision decision(String rule, long retryAfterSeconds) {
    if (!enforced) {
      return null;
    }
    return action == DetectorAction.BLOCK ? Decision.block(rule) : Decision.throttle(rule, retryAfterSeconds);
  }
}
