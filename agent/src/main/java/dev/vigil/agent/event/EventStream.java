package dev.vigil.agent.event;

import java.util.List;

/**
 * The one stream everything worth telling goes through: each event is handed to every sink, in
 * order, and each sink shows what it shows (and thins it its own way). Adding a sink is adding it
 * here; adding a field is the event's and the sinks' business only.
 */
public final class EventStream {
  private final EventSink[] sinks;
  private final boolean requestSpans;
  private final boolean traced;

  /**
   * @param requestSpans whether an allowed request makes an event too (telemetry's request spans)
   * @param traced whether any sink places events in traces, so the request's trace parent is worth reading
   */
  public EventStream(List<EventSink> sinks, boolean requestSpans, boolean traced) {
    this.sinks = sinks.toArray(new EventSink[0]);
    this.requestSpans = requestSpans;
    this.traced = traced;
  }

  public void publish(VigilEvent event) {
    for (EventSink sink : sinks) {
      sink.accept(event);
    }
  }

  /** Whether any sink keeps a decision about {@code shownKey} now (see {@link EventSink#keepsDecision}). */
  public boolean keepsDecision(String shownKey) {
    for (EventSink sink : sinks) {
      if (sink.keepsDecision(shownKey)) {
        return true;
      }
    }
    return false;
  }

  public boolean requestSpans() {
    return requestSpans;
  }

  public boolean traced() {
    return traced;
  }

  /** Every second, from the agent's scheduler: pending repeat counts of quiet callers go out. */
  public void flushQuiet() {
    for (EventSink sink : sinks) {
      sink.flushQuiet();
    }
  }
}
