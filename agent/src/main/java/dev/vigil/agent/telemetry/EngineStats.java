package dev.vigil.agent.telemetry;

import java.util.List;

/** What the metrics read from the engine at each collection: totals only, never per-caller values. */
public interface EngineStats {
  long requestsSeen();

  /** One row per (action, rule, enforced) seen so far; a bounded set (rules come from the policy). */
  List<DecisionTally> decisions();

  long activeLockouts();

  long trackedCallers();

  /**
   * Entries pushed out of a full table, per table name: {@code rules} and {@code lockouts} (keys in
   * good standing), {@code rules-throttled} and {@code lockouts-locked} (the protected segments: each
   * eviction there forgot an abuser), {@code known-sources} (sources that logged in as a user).
   */
  java.util.Map<String, Long> evictions();

  /** A count of decisions of one kind by one rule. */
  final class DecisionTally {
    public final String action;
    public final String rule;
    public final boolean enforced;
    public final long count;

    public DecisionTally(String action, String rule, boolean enforced, long count) {
      this.action = action;
      this.rule = rule;
      this.enforced = enforced;
      this.count = count;
    }
  }
}
