package dev.vigil.agent.detect.enumerate;

import dev.vigil.agent.config.EnumerationLimits;
import dev.vigil.agent.detect.sketch.HyperLogLog;

/**
 * Distinct objects looked up by all the session callers at one address together, in the short
 * window: what keeps a source from multiplying its allowance by presenting many sessions. Guarded by
 * its own monitor.
 */
final class AddressTally {
  private final HyperLogLog recent;

  AddressTally(long now) {
    this.recent = new HyperLogLog(now);
  }

  /** Adds one lookup; returns the distinct count when it reached {@code threshold}, else 0. */
  synchronized double add(long now, EnumerationLimits limits, long objectHash) {
    recent.restartIfOver(now, limits.window.toNanos());
    recent.add(objectHash);
    double distinct = recent.distinct();
    return distinct >= limits.addressDistinct ? distinct : 0;
  }
}
