package dev.vigil.agent.event;

/**
 * One place events go: the audit file, the stderr notices, OpenTelemetry. Called on the thread that
 * saw the event (a request thread), so it must never block or throw; a sink picks the kinds it shows.
 */
public interface EventSink {
  void accept(VigilEvent event);

  /**
   * Whether a decision about the caller {@code shownKey} ({@code ip:10.0.0.7}) would be shown or
   * kept if it came now; false for a sink that would drop it (thinned, or nowhere to go). When no
   * sink keeps it, the decision is counted and never built into an event.
   */
  default boolean keepsDecision(String shownKey) {
    return true;
  }

  /** Shows what a repeat sampler still holds for callers gone quiet; the agent's scheduler calls it every second. */
  default void flushQuiet() {}
}
