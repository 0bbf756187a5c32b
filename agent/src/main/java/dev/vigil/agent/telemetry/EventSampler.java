package dev.vigil.agent.telemetry;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Keeps the event stream proportional to the number of abusers, not their requests, like the audit
 * trail: per caller, rule, action and mode, the first decision each second becomes an event and the
 * rest are counted into the next one as {@code vigil.repeats}; counts left when a caller goes quiet
 * for ten seconds (or at shutdown) are sent as one last event. Spans are not sampled: every decision
 * has its span. Used by the telemetry thread only, so a plain LRU map suffices.
 */
final class EventSampler {
  static final long WINDOW_NANOS = 1_000_000_000L;
  static final long QUIET_NANOS = 10_000_000_000L;
  static final int MAX_CALLERS = 10_000;

  private final Map<String, Window> windows;

  EventSampler(Consumer<TelemetryRecord> out) {
    this.windows =
        new LinkedHashMap<>(64, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
            if (size() <= MAX_CALLERS) {
              return false;
            }
            eldest.getValue().flush(out);
            return true;
          }
        };
  }

  /** The decision's event to send now (carrying the repeats before it), or null when only counted. */
  TelemetryRecord admit(TelemetryRecord decision, long nowNanos) {
    String id = decision.rule + '|' + decision.action + '|' + decision.enforced + '|' + decision.key;
    Window window = windows.computeIfAbsent(id, k -> new Window());
    return window.admit(decision, nowNanos);
  }

  /** Sends the pending counts of callers quiet for {@link #QUIET_NANOS}, and forgets them. */
  void flushQuiet(long nowNanos, Consumer<TelemetryRecord> out) {
    for (Iterator<Window> it = windows.values().iterator(); it.hasNext(); ) {
      Window window = it.next();
      if (nowNanos - window.lastSeenAt >= QUIET_NANOS) {
        window.flush(out);
        it.remove();
      }
    }
  }

  void flushAll(Consumer<TelemetryRecord> out) {
    List<Window> all = new ArrayList<>(windows.values());
    windows.clear();
    for (Window window : all) {
      window.flush(out);
    }
  }

  private static final class Window {
    private boolean sentOnce;
    private long lastSentAt;
    private long lastSeenAt;
    private long pending;
    private TelemetryRecord latestPending;

    TelemetryRecord admit(TelemetryRecord decision, long now) {
      lastSeenAt = now;
      if (sentOnce && now - lastSentAt < WINDOW_NANOS) {
        pending++;
        latestPending = decision;
        return null;
      }
      sentOnce = true;
      lastSentAt = now;
      long repeats = pending;
      pending = 0;
      latestPending = null;
      return decision.withRepeats(repeats);
    }

    void flush(Consumer<TelemetryRecord> out) {
      if (pending > 0) {
        out.accept(latestPending.summaryOfRepeats(pending - 1));
        pending = 0;
        latestPending = null;
      }
    }
  }
}
