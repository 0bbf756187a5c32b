package dev.vigil.agent.audit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Keeps the audit file proportional to the number of abusers, not the number of their requests:
 * per caller, rule, action and login outcome, the first decision each second is written in full and the rest are
 * counted into the next line for that caller as {@code "repeats"}. Every decision is still
 * accounted for: the lines' {@code 1 + repeats} add up to the decisions made. Counts still pending
 * when a caller goes quiet are written once it has been quiet for ten seconds, or when the trail
 * closes.
 */
final class AuditSampler {
  static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(10);
  private static final int MAX_CALLERS = 10_000;

  private final Ticker ticker;
  private final Cache<String, Window> windows;

  AuditSampler(Ticker ticker, Consumer<AuditEvent> out) {
    this.ticker = ticker;
    this.windows =
        Caffeine.newBuilder()
            .maximumSize(MAX_CALLERS)
            .expireAfterAccess(QUIET_NANOS, TimeUnit.NANOSECONDS)
            .ticker(ticker)
            .executor(Runnable::run)
            .removalListener((String id, Window window, RemovalCause cause) -> {
              if (window != null) {
                window.flush(out);
              }
            })
            .build();
  }

  /** Returns the event to write now (possibly carrying repeats), or null when it is only counted. */
  AuditEvent sample(AuditEvent event) {
    String id = event.rule() + '|' + event.action() + '|' + event.enforced() + '|' + event.outcome() + '|' + event.key();
    return windows.get(id, ignored -> new Window()).admit(event, ticker.read());
  }

  /** Writes the pending counts of callers quiet for a while; the audit thread calls it when idle. */
  void expireQuiet() {
    windows.cleanUp();
  }

  /** Writes every pending count, e.g. before the trail closes. */
  void flushAll() {
    windows.invalidateAll();
    windows.cleanUp();
  }

  private static final class Window {
    private boolean writtenOnce;
    private long lastWrittenAt;
    private long pending;
    private AuditEvent latestPending;

    synchronized AuditEvent admit(AuditEvent event, long now) {
      if (writtenOnce && now - lastWrittenAt < WINDOW_NANOS) {
        pending++;
        latestPending = event;
        return null;
      }
      writtenOnce = true;
      lastWrittenAt = now;
      long repeats = pending;
      pending = 0;
      latestPending = null;
      return event.withRepeats(repeats);
    }

    synchronized void flush(Consumer<AuditEvent> out) {
      if (pending > 0) {
        out.accept(latestPending.withRepeats(pending - 1));
        pending = 0;
        latestPending = null;
      }
    }
  }
}
