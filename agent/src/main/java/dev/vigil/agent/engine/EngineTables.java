package dev.vigil.agent.engine;

import dev.vigil.agent.event.CountsSnapshot;
import dev.vigil.agent.login.LoginGuard;
import java.util.Map;

/** The engine's tables as a counts snapshot reads them, at collection time only (some walk bounded tables). */
final class EngineTables implements CountsSnapshot.Tables {
  private final CompiledRule[] rules;
  private final LoginGuard logins;

  EngineTables(CompiledRule[] rules, LoginGuard logins) {
    this.rules = rules;
    this.logins = logins;
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
