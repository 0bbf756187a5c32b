package dev.vigil.agent.event;

/**
 * One place events go: the audit file, the stderr notices, OpenTelemetry. Called on the thread that
 * saw the event (a request thread), so it must never block or throw; a sink picks the kinds it shows.
 */
public interface EventSink {
  void accept(VigilEvent event);

  /** Shows what a repeat sampler still holds for callers gone quiet; the agent's scheduler calls it every second. */
  default void flushQuiet() {}
}
