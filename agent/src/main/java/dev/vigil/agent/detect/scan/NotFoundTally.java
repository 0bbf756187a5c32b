package dev.vigil.agent.detect.scan;

import dev.vigil.agent.config.ScanLimits;
import dev.vigil.agent.detect.sketch.LinearCounter;

/**
 * One source's not-found answers: distinct route templates in two windows, a short one for a fast
 * scan and a long one for a scanner that paces itself, each counted in a 128-bit linear-counting
 * sketch (fixed size whatever the source sends; accurate well past the thresholds), and probes of
 * sensitive paths in the short window. Guarded by its own monitor; a few updates per counted answer.
 */
final class NotFoundTally {
  private static final int BITS = 128;
  private final LinearCounter recent;
  private final LinearCounter lasting;
  private int probes;

  NotFoundTally(long now) {
    this.recent = new LinearCounter(BITS, now);
    this.lasting = new LinearCounter(BITS, now);
  }

  /** Adds one answer and says which threshold it crossed, if any. */
  synchronized String add(long now, ScanLimits limits, int templateHash, boolean probe) {
    if (recent.restartIfOver(now, limits.window.toNanos())) {
      probes = 0;
    }
    lasting.restartIfOver(now, limits.longWindow.toNanos());
    long hash = mix(templateHash);
    recent.add(hash);
    lasting.add(hash);
    if (probe) {
      probes++;
    }
    if (probes >= limits.probes) {
      return ScanDetector.SENSITIVE_PROBES;
    }
    if (recent.distinct() >= limits.distinctNotFound) {
      return ScanDetector.DISTINCT_NOT_FOUND;
    }
    return lasting.distinct() >= limits.longDistinctNotFound ? ScanDetector.DISTINCT_NOT_FOUND_SLOWLY : null;
  }

  /** The value of the signal just crossed, for its event. */
  synchronized double value(String signal) {
    if (ScanDetector.SENSITIVE_PROBES.equals(signal)) {
      return probes;
    }
    return Math.round(ScanDetector.DISTINCT_NOT_FOUND.equals(signal) ? recent.distinct() : lasting.distinct());
  }

  private static long mix(int hash) {
    int h = hash * 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
