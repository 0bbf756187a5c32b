package dev.vigil.agent.telemetry;

import dev.vigil.agent.event.EventSink;
import dev.vigil.agent.event.VigilEvent;

/** Where events become spans, log records and metrics. Must never block or throw. */
public interface TelemetrySink extends EventSink {
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
        public void accept(VigilEvent event) {}

        @Override
        public boolean keepsDecision(String shownKey) {
          return false;
        }
      };

  /** False when nothing is exported: the request's trace parent is then not worth reading. */
  boolean enabled();

  /** Whether every request seen gets a span, not only decisions. */
  boolean requestSpans();
}
