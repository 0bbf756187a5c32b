package dev.vigil.agent.detect.scan;

/**
 * One source's not-found answers: distinct route templates in two windows, a short one for a fast
 * scan and a long one for a scanner that paces itself, each counted in a 128-bit linear-counting
 * sketch (fixed size whatever the source sends; accurate well past the thresholds), and probes of
 * sensitive paths in the short window. Guarded by its own monitor; a few updates per counted answer.
 */
final class NotFoundTally {
  private final Sketch recent;
  private final Sketch lasting;
  private int probes;

  NotFoundTally(long now) {
    this.recent = new Sketch(now);
    this.lasting = new Sketch(now);
  }

  /** Adds one answer and says which threshold it crossed, if any. */
  synchronized String add(long now, ScanLimits limits, int templateHash, boolean probe) {
    if (recent.restartIfOver(now, limits.window.toNanos())) {
      probes = 0;
    }
    lasting.restartIfOver(now, limits.longWindow.toNanos());
    int bit = mix(templateHash) & (Sketch.BITS - 1);
    recent.add(bit);
    lasting.add(bit);
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

  private static int mix(int hash) {
    int h = hash * 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  /** Linear counting over 128 bits, restarted when its window is over. */
  private static final class Sketch {
    static final int BITS = 128;
    private long start;
    private long low;
    private long high;

    Sketch(long now) {
      this.start = now;
    }

    boolean restartIfOver(long now, long windowNanos) {
      if (now - start <= windowNanos) {
        return false;
      }
      start = now;
      low = 0;
      high = 0;
      return true;
    }

    void add(int bit) {
      if (bit < 64) {
        low |= 1L << bit;
      } else {
        high |= 1L << (bit - 64);
      }
    }

    double distinct() {
      int zeros = BITS - Long.bitCount(low) - Long.bitCount(high);
      return zeros == 0 ? BITS * Math.log(BITS) : -BITS * Math.log((double) zeros / BITS);
    }
  }
}
