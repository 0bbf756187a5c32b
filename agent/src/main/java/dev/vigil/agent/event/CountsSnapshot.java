package dev.vigil.agent.event;

import java.util.List;
import java.util.Map;

/**
 * What Vigil counted, at one moment: what the metrics export and the shutdown summary prints.
 * {@code requests = allowed + throttled + blocked}; {@code monitored} counts allowed requests that
 * would have been throttled or blocked in enforce mode.
 */
public final class CountsSnapshot {
  /** The engine's tables, read when a snapshot is taken. */
  public interface Tables {
    long activeLockouts();

    /** Caller keys held by the rate-limit tables (approximate). */
    long trackedCallers();

    /**
     * Entries pushed out of a full table, per table name: {@code rules} and {@code lockouts} (keys in
     * good standing), {@code rules-throttled} and {@code lockouts-locked} (the protected segments: each
     * eviction there forgot an abuser), {@code known-sources} (sources that logged in as a user).
     */
    Map<String, Long> evictions();
  }

  /** A count of decisions of one kind by one rule. */
  public static final class DecisionTally {
    public final String action;
    public final String rule;
    public final boolean enforced;
    public final long count;

    DecisionTally(String action, String rule, boolean enforced, long count) {
      this.action = action;
      this.rule = rule;
      this.enforced = enforced;
      this.count = count;
    }
  }

  /** A count of one detector rule's one signal crossing its threshold. */
  public static final class AnomalyTally {
    public final String rule;
    public final String signal;
    public final long count;

    AnomalyTally(String rule, String signal, long count) {
      this.rule = rule;
      this.signal = signal;
      this.count = count;
    }
  }

  private final long requests;
  private final long throttled;
  private final long blocked;
  private final long monitored;
  private final long blockFailed;
  private final long auditDropped;
  private final Map<String, Long> topThrottled;
  private final List<DecisionTally> decisions;
  private final List<AnomalyTally> anomalies;
  private final long activeLockouts;
  private final long trackedCallers;
  private final Map<String, Long> evictions;

  CountsSnapshot(Counts counts, Tables tables, long auditDropped) {
    this.requests = counts.requests.sum();
    this.throttled = counts.throttled.sum();
    this.blocked = counts.blocked.sum();
    this.monitored = counts.monitored.sum();
    this.blockFailed = counts.blockFailed.sum();
    this.auditDropped = auditDropped;
    this.topThrottled = counts.topThrottled();
    this.decisions = counts.decisions();
    this.anomalies = counts.anomalies();
    this.activeLockouts = tables.activeLockouts();
    this.trackedCallers = tables.trackedCallers();
    this.evictions = tables.evictions();
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

  /** Up to five caller keys with the most throttle decisions (enforced or monitored), most first. */
  public Map<String, Long> topThrottled() {
    return topThrottled;
  }

  /** One row per (action, rule, enforced) seen so far; a bounded set. */
  public List<DecisionTally> decisions() {
    return decisions;
  }

  /** One row per (rule, signal) seen so far; a bounded set. */
  public List<AnomalyTally> anomalies() {
    return anomalies;
  }

  public long activeLockouts() {
    return activeLockouts;
  }

  public long trackedCallers() {
    return trackedCallers;
  }

  /** See {@link Tables#evictions()}. */
  public Map<String, Long> evictions() {
    return evictions;
  }

  /** The shutdown summary line's text (after {@code summary: }). */
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
