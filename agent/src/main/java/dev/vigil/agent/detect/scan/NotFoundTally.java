package dev.vigil.agent.detect.scan;

/**
 * One source's not-found answers within a window: distinct route templates counted in a 128-bit
 * linear-counting sketch (fixed size whatever the source sends; accurate well past the threshold),
 * and probes of sensitive paths. Guarded by its own monitor; a few updates per offending request.
 */
final class NotFoundTally {
  private static final int BITS = 128;
  private long windowStart;
  private long low;
  private long high;
  private int probes;

  NotFoundTally(long now) {
    this.windowStart = now;
  }

  /** Adds one answer; returns the estimated distinct count, or -1 for a probe past its own threshold. */
  synchronized Counted add(long now, long windowNanos, int templateHash, boolean probe) {
    if (now - windowStart > windowNanos) {
      windowStart = now;
      low = 0;
      high = 0;
      probes = 0;
    }
    int bit = mix(templateHash) & (BITS - 1);
    if (bit < 64) {
      low |= 1L << bit;
    } else {
      high |= 1L << (bit - 64);
    }
    if (probe) {
      probes++;
    }
    return new Counted(distinct(), probes);
  }

  private double distinct() {
    int zeros = BITS - Long.bitCount(low) - Long.bitCount(high);
    return zeros == 0 ? BITS * Math.log(BITS) : -BITS * Math.log((double) zeros / BITS);
  }

  private static int mix(int hash) {
    int h = hash * 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  /** What the tally holds after an answer. */
  static final class Counted {
    final double distinct;
    final int probes;

    Counted(double distinct, int probes) {
      this.distinct = distinct;
      this.probes = probes;
    }
  }
}
