package dev.vigil.agent.engine;

import dev.vigil.agent.caller.CallerKeys;
import dev.vigil.agent.config.KeyType;
import dev.vigil.agent.event.Counts;
import dev.vigil.agent.event.EventBuilder;
import dev.vigil.agent.event.EventStream;
import dev.vigil.agent.event.VigilEvent;
import dev.vigil.bootstrap.RequestContext;

/**
 * Where every throttle and block, enforced or monitored, and every anomaly leave their marks: counted
 * by rule (and caller, or signal), then told to every sink (notices, audit file, telemetry). Allowed
 * requests never come here.
 */
public final class DecisionRecorder {
  private final RequestEvents requests;
  private final Counts counts;
  private final EventStream events;
  private final TopCallers top;

  DecisionRecorder(RequestEvents requests, Counts counts, EventStream events, TopCallers top) {
    this.requests = requests;
    this.counts = counts;
    this.events = events;
    this.top = top;
  }

  /**
   * @param request the request decided, or null for an authentication hook without it
   * @param decision from {@link VigilEvent#throttle} or {@link VigilEvent#block}, with its caller
   */
  public void record(RequestContext request, EventBuilder decision) {
    VigilEvent event = requests.withRequest(decision, request).build();
    counted(event.rule, event.action, event.enforced, event.key);
    events.publish(event);
  }

  /**
   * A 429 (or, monitored, a 429 that was not applied) of {@code key}'s caller by {@code rule}: counted,
   * and built into an event only when a sink will keep it now, so a caller refused again and again
   * costs the refused path no allocation while the sinks thin its events anyway.
   *
   * @param ruleRoute the rule's route pattern the request matched, or null
   */
  public void throttle(RequestContext request, String rule, boolean enforced, long retryAfterSeconds, KeyType type, String key, String client, String ruleRoute) {
    String shown = CallerKeys.display(type, key == null ? UNKNOWN : key);
    counted(rule, VigilEvent.THROTTLE, enforced, shown);
    if (events.keepsDecision(shown)) {
      events.publish(requests.withRequest(VigilEvent.throttle(rule, enforced, retryAfterSeconds).caller(type, key).client(client).ruleRoute(ruleRoute), request).build());
    }
  }

  /** A 403 (or, monitored, one not applied) of {@code key}'s caller by {@code rule}; see {@link #throttle}. */
  public void block(RequestContext request, String rule, boolean enforced, KeyType type, String key, String client) {
    String shown = CallerKeys.display(type, key == null ? UNKNOWN : key);
    counted(rule, VigilEvent.BLOCK, enforced, shown);
    if (events.keepsDecision(shown)) {
      events.publish(requests.withRequest(VigilEvent.block(rule, enforced).caller(type, key).client(client), request).build());
    }
  }

  private static final String UNKNOWN = "unknown";

  private void counted(String rule, String action, boolean enforced, String shownKey) {
    counts.decision(rule, action, enforced, shownKey);
    top.refused(shownKey, rule);
  }

  /** A behavioural signal crossed its threshold: counted by rule and signal, told to every sink with the request's fields and trace. */
  public void anomaly(RequestContext request, EventBuilder anomaly) {
    VigilEvent event = requests.withRequest(anomaly, request).build();
    counts.anomaly(event);
    events.publish(event);
  }

  /** A request a detector refused, or only monitored: counted with the others. */
  public void refused(boolean enforced) {
    if (enforced) {
      counts.requestThrottled();
    } else {
      counts.requestMonitored();
    }
  }
}
