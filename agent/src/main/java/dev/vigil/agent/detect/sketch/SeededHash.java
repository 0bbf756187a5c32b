package dev.vigil.agent.detect.sketch;

import java.security.SecureRandom;

/**
 * A 64-bit hash of text with a random per-process seed, for what the detectors count in sketches
 * (objects, callers, usernames): nobody outside can choose inputs that fall together and undercount
 * themselves, as they could with {@code String.hashCode}. Not a MAC (nothing it produces leaves the
 * process); one pass, no allocation.
 */
public final class SeededHash {
  private final long seed;

  public SeededHash() {
    this(new SecureRandom().nextLong());
  }

  public SeededHash(long seed) {
    this.seed = seed;
  }

  public long of(CharSequence text) {
    return of(text, text.length());
  }

  /** The hash of {@code text}'s first {@code end} characters. */
  public long of(CharSequence text, int end) {
    return of(text, 0, end);
  }

  /** The hash of {@code text}'s characters from {@code start} to {@code end} (exclusive). */
  public long of(CharSequence text, int start, int end) {
    // FNV-1a from a random basis, then a full avalanche (murmur3's finaliser): one multiply per character
    long h = seed;
    for (int i = start; i < end; i++) {
      h = (h ^ text.charAt(i)) * 0x100000001B3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    return h ^ (h >>> 33);
  }
}
