package dev.vigil.agent.engine;

import java.util.Map;

/**
 * What the engine did so far. {@code requests = allowed + throttled + blocked}; {@code monitored}
 * counts allowed requests that would have been throttled or blocked in enforce mode.
 */
public final class EngineSummary {
  private final long requests;
  private final long throttled;
  private final long blocked;
  private final long monitored;
  private final long blockFailed;
  private final long auditDropped;
  private final Map<String, Long> topThrottled;

  EngineSummary(long requests, long throttled, long blocked, long monitored, long blockFailed, long auditDropped, Map<String, Long> topThrottled) {
    this.requests = requests;
    this.throttled = throttled;
    this.blocked = blocked;
    this.monitored = monitored;
    this.blockFailed = blockFailed;
    this.auditDropped = auditDropped;
    this.topThrottled = topThrottled;
  }

  public long requests() {
    return requests;
  }

  public long allowed() {
    return Math.max(0, requests - throttled - blocked);
  }

  /** Requests answered 429 (enforced). */
  public long throttled() {
    return throttled;
  }

  /** Requests answered 403 (enforced). */
  public long blocked() {
    return blocked;
  }

  /** Requests let through that would have been throttled or blocked (monitor mode). */
  public long monitored() {
    return monitored;
  }

  /** Decisions advice could not apply because the response was already committed. */
  public long blockFailed() {
    return blockFailed;
  }

  /** Audit lines lost because the audit queue was full or the file unwritable. */
  public long auditDropped() {
    return auditDropped;
  }

  /** Up to five caller keys with the most throttle decisions (enforced or monitored), most first. */
  public Map<String, Long> topThrottled() {
    return topThrottled;
  }

  @Override
  public String toString() {
    StringBuilder text =
        new StringBuilder()
            .append("requests=").append(requests)
            .append(" allowed=").append(allowed())
            .append(" throttled=").append(throttled)
            .append(" blocked=").append(blocked)
            .append(" monitored=").append(monitored)
            .append(" blockFailed=").append(blockFailed);
    if (auditDropped > 0) {
      text.append(" auditDropped=").append(auditDropped);
    }
    if (!topThrottled.isEmpty()) {
      text.append(" topThrottled=").append(topThrottled);
    }
    return text.toString();
  }
}
