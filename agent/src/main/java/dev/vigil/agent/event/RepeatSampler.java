package dev.vigil.agent.event;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Keeps what a sink shows proportional to the number of abusers, not the number of their requests:
 * per caller, rule, action, mode and login outcome, the first event each second is shown in full
 * and the rest are counted into the next one as its {@link VigilEvent#repeats}. Every event is
 * still accounted for: the shown events' {@code 1 + repeats} add up to the events admitted. Counts
 * still pending when a caller goes quiet are shown (as its last event, carrying the rest) once it
 * has been quiet for ten seconds ({@link #flushQuiet}, which the agent's scheduler calls), when the
 * caller is pushed out by {@link #MAX_CALLERS} others, or at {@link #flushAll}.
 *
 * <p>Each sink that thins has its own: the audit file thins decisions and failed logins, the
 * OpenTelemetry events decisions only. Safe for any number of threads.
 */
public final class RepeatSampler {
  static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);
  static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(10);
  static final int MAX_CALLERS = 10_000;

  private final Ticker ticker;
  private final Cache<String, Window> windows;

  /** @param pendingOut where the pending counts of quiet or pushed-out callers go */
  public RepeatSampler(Ticker ticker, Consumer<VigilEvent> pendingOut) {
    this.ticker = ticker;
    this.windows =
        Caffeine.newBuilder()
            .maximumSize(MAX_CALLERS)
            .expireAfterAccess(QUIET_NANOS, TimeUnit.NANOSECONDS)
            .ticker(ticker)
            .executor(Runnable::run)
            .removalListener((String id, Window window, RemovalCause cause) -> {
              if (window != null) {
                window.flush(pendingOut);
              }
            })
            .build();
  }

  /** Returns the event to show now (possibly carrying repeats), or null when it is only counted. */
  public VigilEvent admit(VigilEvent event) {
    String id = event.kind.name() + '|' + event.rule + '|' + event.action + '|' + event.enforced + '|' + event.outcome + '|' + event.key;
    return windows.get(id, ignored -> new Window()).admit(event, ticker.read());
  }

  /** Shows the pending counts of callers quiet for ten seconds. */
  public void flushQuiet() {
    windows.cleanUp();
  }

  /** Shows every pending count, e.g. before the sink closes. */
  public void flushAll() {
    windows.invalidateAll();
    windows.cleanUp();
  }

  private static final class Window {
    private boolean shownOnce;
    private long lastShownAt;
    private long pending;
    private VigilEvent latestPending;

    synchronized VigilEvent admit(VigilEvent event, long now) {
      if (shownOnce && now - lastShownAt < WINDOW_NANOS) {
        pending++;
        latestPending = event;
        return null;
      }
      shownOnce = true;
      lastShownAt = now;
      long repeats = pending;
      pending = 0;
      latestPending = null;
      return event.withRepeats(repeats);
    }

    synchronized void flush(Consumer<VigilEvent> out) {
      if (pending > 0) {
        out.accept(latestPending.withRepeats(pending - 1));
        pending = 0;
        latestPending = null;
      }
    }
  }
}
