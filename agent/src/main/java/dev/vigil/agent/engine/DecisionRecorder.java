package dev.vigil.agent.engine;

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
    counts.decision(event);
    top.refused(event.key, event.rule);
    events.publish(event);
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
