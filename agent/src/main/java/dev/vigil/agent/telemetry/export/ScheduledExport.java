package dev.vigil.agent.telemetry.export;

/** Export work that {@code vigil-telemetry} runs when it falls due, between the events it writes. */
interface ScheduledExport {
  /** What {@link #runDue} returns when nothing waits to be exported. */
  long IDLE = Long.MAX_VALUE;

  /**
   * Exports what is due at {@code nowNanos} (the pipeline's ticker) and returns the nanoseconds
   * until the next export falls due, or {@link #IDLE}.
   */
  long runDue(long nowNanos);
}
