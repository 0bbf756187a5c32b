package dev.vigil.agent.telemetry;

/** Where the engine hands what it saw and did. Must never block or throw. */
public interface TelemetrySink {
  TelemetrySink NONE =
      new TelemetrySink() {
        @Override
        public boolean enabled() {
          return false;
        }

        @Override
        public boolean requestSpans() {
          return false;
        }

        @Override
        public void submit(TelemetryRecord record) {}
      };

  /** False when nothing is exported: callers then skip building records at all. */
  boolean enabled();

  /** Whether every request seen gets a span, not only decisions. */
  boolean requestSpans();

  /** Queues the record for export, or counts it as dropped when the queue is full. */
  void submit(TelemetryRecord record);
}
