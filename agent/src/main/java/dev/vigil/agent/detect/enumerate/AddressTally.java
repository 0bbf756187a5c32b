package dev.vigil.agent.detect.enumerate;

import dev.vigil.agent.config.EnumerationLimits;
import dev.vigil.agent.detect.sketch.HyperLogLog;

/**
 * One address (IPv6: one /64) and the sessions at it, together: the distinct objects they looked
 * up, in the short window and in the long one (five times as many), and how many new sessions it
 * presented in the short window. It keeps a source from multiplying its allowance by presenting
 * many sessions: past {@link #MAX_NEW_SESSIONS} new ones in a window, its further sessions count as
 * the address itself. Guarded by its own monitor.
 */
final class AddressTally {
  /** An office of fifty starting their day; a source minting sessions to reset its tally makes more. */
  static final int MAX_NEW_SESSIONS = 50;
  private final HyperLogLog recent;
  private final HyperLogLog lasting;
  private long sessionsStart;
  private int newSessions;

  AddressTally(long now) {
    this.recent = new HyperLogLog(now);
    this.lasting = new HyperLogLog(now);
    this.sessionsStart = now;
  }

  /** Adds one lookup of a session at this address; returns the distinct count when it reached a threshold, else 0. */
  synchronized double add(long now, EnumerationLimits limits, long objectHash) {
    recent.restartIfOver(now, limits.window.toNanos());
    lasting.restartIfOver(now, limits.longWindow.toNanos());
    recent.add(objectHash);
    lasting.add(objectHash);
    double distinct = recent.distinct();
    if (distinct >= limits.addressDistinct) {
      return distinct;
    }
    double slowly = lasting.distinct();
    return slowly >= 5.0 * limits.addressDistinct ? slowly : 0;
  }

  /** Whether another new session from this address may count as its own caller. */
  synchronized boolean mayEstablish(long now, EnumerationLimits limits) {
    if (now - sessionsStart > limits.window.toNanos()) {
      sessionsStart = now;
      newSessions = 0;
    }
    return ++newSessions <= MAX_NEW_SESSIONS;
  }
}
