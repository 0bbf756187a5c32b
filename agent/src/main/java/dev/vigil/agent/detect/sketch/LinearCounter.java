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
    return true;
  }

  /** Adds a value by its well-mixed hash (only its low bits are used). */
  public void add(long hash) {
    int bit = (int) (hash & ((long) words.length * 64 - 1));
    words[bit >>> 6] |= 1L << bit;
  }

  /** The estimated number of distinct values added in this window. */
  public double distinct() {
    int bits = words.length * 64;
    int set = 0;
    for (long word : words) {
      set += Long.bitCount(word);
    }
    int zeros = bits - set;
    return zeros == 0 ? bits * Math.log(bits) : -bits * Math.log((double) zeros / bits);
  }
}
