package dev.vigil.agent.audit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.vigil.agent.event.EventSink;
import dev.vigil.agent.event.VigilEvent;
import dev.vigil.bootstrap.AgentLog;
import java.util.concurrent.TimeUnit;

/**
 * The human-readable side of the audit trail: a stderr line per decision, such as {@code [vigil]
 * throttled ip:127.0.0.9 rule=default-per-ip retry-after=2s (enforced)}, so operators see who was
 * throttled. At most one line per caller key per minute, and at most {@link #LINES_PER_MINUTE}
 * lines a minute overall, so an attack cannot flood the application's log.
 */
public final class DecisionNotices implements EventSink {
  static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(60);
  static final int LINES_PER_MINUTE = 100;
  private static final int MAX_KEYS = 10_000;

  private final Ticker ticker;
  // expireAfterWrite, not afterAccess: a caller hammering all the time must reappear once a minute
  private final Cache<String, Boolean> recentKeys;
  private long windowStart;
  private int linesInWindow;
  private long suppressed;

  public DecisionNotices(Ticker ticker) {
    this.ticker = ticker;
    this.recentKeys =
        Caffeine.newBuilder()
            .maximumSize(MAX_KEYS)
            .expireAfterWrite(WINDOW_NANOS, TimeUnit.NANOSECONDS)
            .ticker(ticker)
            .executor(Runnable::run)
            .build();
    this.windowStart = ticker.read();
  }

  /**
   * Decisions, and suspected account takeovers (nothing else tells of those: no request was refused);
   * a failed login is the app's business on stderr, not the agent's.
   */
  @Override
  public void accept(VigilEvent event) {
    if (event.kind == VigilEvent.Kind.DECISION || event.kind == VigilEvent.Kind.ATO_SUSPECT) {
      notice(event);
    }
  }

  /** Only a caller not noticed in the last minute: the others are not shown. */
  @Override
  public boolean keepsDecision(String shownKey) {
    return recentKeys.getIfPresent(shownKey) == null;
  }

  void notice(VigilEvent event) {
    if (recentKeys.asMap().putIfAbsent(event.key, Boolean.TRUE) != null) {
      return;
    }
    String suppressedNote = admit();
    if (suppressedNote == null) {
      return;
    }
    AgentLog.info(text(event) + suppressedNote);
  }

  /** Returns null when over the global budget, else a note about lines suppressed before. */
  private synchronized String admit() {
    long now = ticker.read();
    if (now - windowStart >= WINDOW_NANOS) {
      windowStart = now;
      linesInWindow = 0;
    }
    if (linesInWindow >= LINES_PER_MINUTE) {
      suppressed++;
      return null;
    }
    linesInWindow++;
    long before = suppressed;
    suppressed = 0;
    return before == 0 ? "" : " (" + before + " similar notices suppressed)";
  }

  static String text(VigilEvent event) {
    if (event.kind == VigilEvent.Kind.ATO_SUSPECT) {
      return "suspected account takeover rule=" + event.rule + " signal=" + event.signal + ": " + event.detail;
    }
    StringBuilder line = new StringBuilder(96);
    line.append(VigilEvent.THROTTLE.equals(event.action) ? "throttled " : "blocked ").append(event.key);
    line.append(" rule=").append(event.rule);
    if (event.retryAfterSeconds >= 0) {
      line.append(" retry-after=").append(event.retryAfterSeconds).append('s');
    }
    return line.append(event.enforced ? " (enforced)" : " (monitor: not enforced)").toString();
  }
}
