package dev.vigil.agent.limit;

import java.util.function.Predicate;

/**
 * One lock's share of a {@link BucketTable}: open addressing over one long array (a slot's fingerprint
 * word beside its bucket's time, one cache line for both) and one of keys, every method
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
  static final int WINDOW = 32;
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
  /** Slot i's fingerprint word at {@code 2i}, its bucket's "full at" time at {@code 2i + 1}: one cache line for both. */
  private long[] slots;
  private int capacity;
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
    this.slots = new long[slots * 2];
    this.capacity = slots;
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
    long[] words = slots;
    int mask = capacity - 1;
    int home = home(fingerprint, mask);
    int free = -1;
    for (int j = 0; j < WINDOW; j++) {
      int i = (home + j) & mask;
      long word = words[2 * i];
      if ((word & ~COUNT_MASK) == fingerprint) {
        if ((word & COUNT) != COUNT) {
          words[2 * i] = word + 1;
        }
        return take(i, now);
      }
      if (free < 0 && (word == 0 || expired(slots[2 * i + 1], now))) {
        free = i;
      }
    }
    if (free >= 0 && words[2 * free] != 0) {
      clear(free); // expired: its bucket has long been full, so nothing is lost
    }
    if ((free < 0 || size >= capacity / 2) && size < limit && capacity < maxSlots) {
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
    slots[2 * free] = fingerprint | 1;
    keys[free] = key;
    slots[2 * free + 1] = now; // a full bucket: the request takes its first token
    size++;
    return take(free, now);
  }

  /** The first slot of a fingerprint's window: bits above the count (the segment came from the top ones). */
  private static int home(long fingerprint, int mask) {
    return (int) (fingerprint >>> 8) & mask;
  }

  private long take(int i, long now) {
    BucketShape shape = table.shape();
    long current = slots[2 * i + 1];
    boolean full = current - now <= 0;
    long base = full ? now : current;
    long next = base + shape.intervalNanos();
    long ahead = next - now;
    if (ahead > shape.capacityNanos()) {
      slots[2 * i] |= REFUSED;
      return ahead - shape.capacityNanos();
    }
    slots[2 * i + 1] = next;
    if (full) {
      slots[2 * i] &= ~REFUSED; // back in good standing
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
    int mask = capacity - 1;
    int reach = inWindow ? WINDOW : Math.min(VICTIM_SEARCH, capacity);
    int best = -1;
    long bestRank = Long.MAX_VALUE;
    long bestAhead = Long.MAX_VALUE;
    for (int j = 0; j < reach && (j < WINDOW || best < 0 || bestRank >= REFUSED); j++) {
      int i = (home + j) & mask;
      long word = slots[2 * i];
      if (word == 0) {
        continue;
      }
      long ahead = Math.max(0, slots[2 * i + 1] - now);
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
    if (slots[2 * i + 1] - now > 0) {
      table.evictions.evicted();
      if ((slots[2 * i] & REFUSED) != 0) {
        table.throttledEvictions.evicted();
      }
    }
    clear(i);
  }

  private void clear(int i) {
    slots[2 * i] = 0;
    keys[i] = null;
    slots[2 * i + 1] = 0;
    size--;
  }

  /** Doubles the arrays, dropping what has expired on the way. */
  private void grow(long now) {
    long[] old = slots;
    String[] oldKeys = keys;
    allocate(capacity * 2);
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (old[2 * i] != 0 && !expired(old[2 * i + 1], now)) {
        place(old[2 * i], old[2 * i + 1], oldKeys[i]);
      }
    }
  }

  private void place(long word, long full, String key) {
    int mask = capacity - 1;
    int home = home(word & ~COUNT_MASK, mask);
    for (int j = 0; j < WINDOW; j++) {
      int i = (home + j) & mask;
      if (slots[2 * i] == 0) {
        slots[2 * i] = word;
        slots[2 * i + 1] = full;
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
    for (int i = 0; i < capacity; i++) {
      if (slots[2 * i] != 0 && (which == null ? expired(slots[2 * i + 1], now) : which.test(keys[i]))) {
        clear(i);
        removed++;
      }
    }
    return removed;
  }

  int throttledCount(long now) {
    int throttled = 0;
    for (int i = 0; i < capacity; i++) {
      if ((slots[2 * i] & REFUSED) != 0 && slots[2 * i + 1] - now > 0) {
        throttled++;
      }
    }
    return throttled;
  }
}
