package dev.vigil.agent.engine;

import dev.vigil.agent.login.LoginGuard;
import dev.vigil.agent.telemetry.EngineStats;
import java.util.List;
import java.util.Map;

/** The engine's totals as the metrics read them, at collection time only (some walk bounded tables). */
final class EngineMetrics implements EngineStats {
  private final DecisionCounters counters;
  private final RuleTallies tallies;
  private final CompiledRule[] rules;
  private final LoginGuard logins;

  EngineMetrics(DecisionCounters counters, RuleTallies tallies, CompiledRule[] rules, LoginGuard logins) {
    this.counters = counters;
    this.tallies = tallies;
    this.rules = rules;
    this.logins = logins;
  }

  @Override
  public long requestsSeen() {
    return counters.requests.sum();
  }

  @Override
  public List<DecisionTally> decisions() {
    return tallies.snapshot();
  }

  @Override
  public long activeLockouts() {
    return logins.activeLockouts();
  }

  @Override
  public long trackedCallers() {
    long total = 0;
    for (CompiledRule rule : rules) {
      rule.buckets.cleanUp();
      total += rule.buckets.estimatedSize();
    }
    return total;
  }

  @Override
  public Map<String, Long> evictions() {
    long evicted = 0;
    long throttled = 0;
    for (CompiledRule rule : rules) {
      evicted += rule.buckets.evictions();
      throttled += rule.buckets.throttledEvictions();
    }
    return Map.of(
        "rules", evicted,
        "rules-throttled", throttled,
        "lockouts", logins.lockoutEvictions(),
        "lockouts-locked", logins.lockedEvictions(),
        "known-sources", logins.knownSourceEvictions());
  }
}
