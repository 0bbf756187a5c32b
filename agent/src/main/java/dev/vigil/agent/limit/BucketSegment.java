package dev.vigil.agent.limit;

import java.util.function.Predicate;

/**
 * One lock's share of a {@link BucketTable}: open addressing over parallel arrays, every method
 * called with the segment's monitor held. A caller's slot is one of the {@link #WINDOW} slots from
 * the one its fingerprint names; lookups scan the whole window (so removing an entry is clearing its
 * slot, no tombstones) and compare fingerprints only: 56 bits of a per-process seeded hash, so two
 * keys share a bucket with odds of about 2^-52 per lookup and nobody outside can make them. The low
 * byte of a slot's fingerprint word says whether its bucket refused a request since it was last
 * full, and counts how often its caller came (saturating at 127).
 *
 * <p>The arrays start small and double while the segment is at most half full, up to the size that
 * keeps its {@code limit} callers under three quarters of the slots: memory grows with the callers
 * actually seen, never past the bound.
 */
final class BucketSegment {
  static final int WINDOW = 16;
  /** How far a full segment looks for a caller in good standing to forget. */
  private static final int VICTIM_SEARCH = 64;
  /** The low byte of a slot's word: whether its bucket refused a request since it was last full, and how often its caller came. */
  private static final long COUNT_MASK = 0xFF;
  private static final long REFUSED = 0x80;
  private static final long COUNT = 0x7F;
  private static final int INITIAL_SLOTS = 16;

  private final BucketTable table;
  private final int limit;
  private final int maxSlots;
  private long[] fingerprints;
  private long[] fullAt;
  private String[] keys;
  private int size;

  BucketSegment(BucketTable table, int limit) {
    this.table = table;
    this.limit = Math.max(1, limit);
    int slots = INITIAL_SLOTS;
    while (slots < this.limit + this.limit / 3 + 1) {
      slots *= 2;
    }
    this.maxSlots = Math.max(slots, INITIAL_SLOTS);
    allocate(Math.min(INITIAL_SLOTS, maxSlots));
  }

  private void allocate(int slots) {
    fingerprints = new long[slots];
    fullAt = new long[slots];
    keys = new String[slots];
  }

  int size() {
    return size;
  }

  /**
   * Takes a token from this caller's bucket (a new, full one if it has none): 0 when allowed, else
   * the nanoseconds until a token is available. The bucket is the GCRA's one scalar, the time it is
   * full again; a request advances it by one interval unless that would take it more than the
   * capacity ahead, so a refused request spends nothing.
   */
  long acquire(long hash, String key, long now) {
    long fingerprint = (hash & ~COUNT_MASK) == 0 ? COUNT_MASK + 1 : hash & ~COUNT_MASK;
    long[] words = fingerprints;
    int mask = words.length - 1;
    int home = home(fingerprint, mask);
    int free = -1;
    for (int j = 0; j < WINDOW; j++) {
      int i = (home + j) & mask;
      long word = words[i];
      if ((word & ~COUNT_MASK) == fingerprint) {
        if ((word & COUNT) != COUNT) {
          words[i] = word + 1;
        }
        return take(i, now);
      }
      if (free < 0 && (word == 0 || expired(fullAt[i], now))) {
        free = i;
      }
    }
    if (free >= 0 && words[free] != 0) {
      clear(free); // expired: its bucket has long been full, so nothing is lost
    }
    if ((free < 0 || size >= words.length / 2) && size < limit && words.length < maxSlots) {
      grow(now);
      return acquire(hash, key, now);
    }
    if (free < 0 || size >= limit) {
      int victim = victim(home, now, free < 0);
      evict(victim, now);
      if (free < 0) {
        free = victim;
      }
    }
    fingerprints[free] = fingerprint | 1;
    keys[free] = key;
    fullAt[free] = now; // a full bucket: the request takes its first token
    size++;
    return take(free, now);
  }

  /** The first slot of a fingerprint's window: bits above the count (the segment came from the top ones). */
  private static int home(long fingerprint, int mask) {
    return (int) (fingerprint >>> 8) & mask;
  }

  private long take(int i, long now) {
    BucketShape shape = table.shape();
    long current = fullAt[i];
    boolean full = current - now <= 0;
    long base = full ? now : current;
    long next = base + shape.intervalNanos();
    long ahead = next - now;
    if (ahead > shape.capacityNanos()) {
      fingerprints[i] |= REFUSED;
      return ahead - shape.capacityNanos();
    }
    fullAt[i] = next;
    if (full) {
      fingerprints[i] &= ~REFUSED; // back in good standing
    }
    return 0;
  }

  /**
   * The caller to forget for a new one: a bucket already full (nothing is lost), else one in good
   * standing before one refused since it was last full, then the caller seen least often, then the
   * one with the most tokens. It must be in the window when the new caller takes its slot
   * ({@code inWindow}); otherwise, while the best so far is a refused one (or none is found), the
   * search goes on a little further, so that room is made from callers in good standing.
   */
  private int victim(int home, long now, boolean inWindow) {
    int mask = fingerprints.length - 1;
    int reach = inWindow ? WINDOW : Math.min(VICTIM_SEARCH, fingerprints.length);
    int best = -1;
    long bestRank = Long.MAX_VALUE;
    long bestAhead = Long.MAX_VALUE;
    for (int j = 0; j < reach && (j < WINDOW || best < 0 || bestRank >= REFUSED); j++) {
      int i = (home + j) & mask;
      long word = fingerprints[i];
      if (word == 0) {
        continue;
      }
      long ahead = Math.max(0, fullAt[i] - now);
      long rank = ahead == 0 ? 0 : word & COUNT_MASK; // the refused bit ranks above any count
      if (rank < bestRank || (rank == bestRank && ahead < bestAhead)) {
        best = i;
        bestRank = rank;
        bestAhead = ahead;
      }
    }
    return best;
  }

  private void evict(int i, long now) {
    if (i < 0) {
      return; // a segment so small that it holds none near: it has room
    }
    if (fullAt[i] - now > 0) {
      table.evictions.increment();
      if ((fingerprints[i] & REFUSED) != 0) {
        table.throttledEvicted();
      }
    }
    clear(i);
  }

  private void clear(int i) {
    fingerprints[i] = 0;
    keys[i] = null;
    fullAt[i] = 0;
    size--;
  }

  /** Doubles the arrays, dropping what has expired on the way. */
  private void grow(long now) {
    long[] oldWords = fingerprints;
    long[] oldFullAt = fullAt;
    String[] oldKeys = keys;
    allocate(oldWords.length * 2);
    size = 0;
    for (int i = 0; i < oldWords.length; i++) {
      if (oldWords[i] != 0 && !expired(oldFullAt[i], now)) {
        place(oldWords[i], oldFullAt[i], oldKeys[i]);
      }
    }
  }

  private void place(long word, long full, String key) {
    int mask = fingerprints.length - 1;
    int home = home(word & ~COUNT_MASK, mask);
    for (int j = 0; j < WINDOW; j++) {
      int i = (home + j) & mask;
      if (fingerprints[i] == 0) {
        fingerprints[i] = word;
        fullAt[i] = full;
        keys[i] = key;
        size++;
        return;
      }
    }
    // a window full even in the larger arrays: this caller starts over with a full bucket
  }

  private boolean expired(long full, long now) {
    return now - full >= table.idleNanos();
  }

  /** Removes the entries {@code which} accepts, or (null) those expired at {@code now}; returns how many went. */
  int removeIf(Predicate<String> which, long now) {
    int removed = 0;
    for (int i = 0; i < fingerprints.length; i++) {
      if (fingerprints[i] != 0 && (which == null ? expired(fullAt[i], now) : which.test(keys[i]))) {
        clear(i);
        removed++;
      }
    }
    return removed;
  }

  int throttledCount(long now) {
    int throttled = 0;
    for (int i = 0; i < fingerprints.length; i++) {
      if ((fingerprints[i] & REFUSED) != 0 && fullAt[i] - now > 0) {
        throttled++;
      }
    }
    return throttled;
  }
}
