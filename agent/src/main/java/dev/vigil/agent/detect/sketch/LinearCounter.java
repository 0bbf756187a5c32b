package dev.vigil.agent.detect.sketch;

/**
 * Distinct values within a tumbling window, by linear counting over a fixed bit array: whatever a
 * caller sends, it costs the same few words, and it is accurate (a few percent) up to about twice as
 * many distinct values as it has bits. Written here rather than taken from a sketch library because
 * it is a handful of lines, allocation-free per value and sized per detector. Not thread-safe: its
 * owner guards it.
 */
public final class LinearCounter {
  private final long[] words;
  private long start;
  private int setBits;
  /** The estimate for {@link #setBits}, computed once per new bit: a caller repeating itself costs no logarithm. */
  private double estimate;
  private int estimated = -1;

  /** @param bits a multiple of 64 */
  public LinearCounter(int bits, long now) {
    this.words = new long[bits / 64];
    this.start = now;
  }

  /** When the current window started. */
  public long start() {
    return start;
  }

  /** Starts a new window when this one has lasted longer than {@code windowNanos}; says whether it did. */
  public boolean restartIfOver(long now, long windowNanos) {
    if (now - start <= windowNanos) {
      return false;
    }
    start = now;
    java.util.Arrays.fill(words, 0L);
    setBits = 0;
    return true;
  }

  /** Adds a value by its well-mixed hash (only its low bits are used). */
  public void add(long hash) {
    int bit = (int) (hash & ((long) words.length * 64 - 1));
    long word = words[bit >>> 6];
    long mask = 1L << bit;
    if ((word & mask) == 0) {
      words[bit >>> 6] = word | mask;
      setBits++;
    }
  }

  /** The estimated number of distinct values added in this window. */
  public double distinct() {
    if (estimated != setBits) {
      int bits = words.length * 64;
      int zeros = bits - setBits;
      estimate = zeros == 0 ? bits * Math.log(bits) : -bits * Math.log((double) zeros / bits);
      estimated = setBits;
    }
    return estimate;
  }
}
