package dev.vigil.agent.detect.sketch;

import java.util.ArrayList;
import java.util.List;

/**
 * The heaviest keys of a stream in fixed space (Metwally's Space-Saving): at most {@code capacity}
 * counters; a key not counted yet takes over the smallest counter and inherits its count, so a key
 * that is really among the top is never missed, and any key's count is over by at most the
 * smallest counter. A flood of distinct keys costs one counter's churn, never memory. Up to a few
 * hundred counters a scan of their hashes is as fast as a map and allocates nothing.
 */
public final class HeavyHitters {
  /** One counted key. */
  public static final class Count {
    public final String key;
    public long count;
    /** What it inherited from the counter it took over: its own count is at least {@code count - error}. */
    public long error;
    /** A label the last add gave it (e.g. the rule that refused it). */
    public String label;

    Count(String key) {
      this.key = key;
    }
  }

  // parallel arrays, not a map of counters: counting a key, even one that takes a counter over,
  // allocates nothing (a flood of one-off callers is exactly what is counted)
  private final String[] keys;
  private final int[] hashes;
  private final long[] counts;
  private final long[] errors;
  private final String[] labels;
  private int used;

  public HeavyHitters(int capacity) {
    this.keys = new String[capacity];
    this.hashes = new int[capacity];
    this.counts = new long[capacity];
    this.errors = new long[capacity];
    this.labels = new String[capacity];
  }

  public synchronized void add(String key, String label) {
    int slot = find(key);
    if (slot < 0) {
      if (used < keys.length) {
        slot = used++;
      } else {
        slot = smallest(); // inherits its count: a key really among the top is never missed
        errors[slot] = counts[slot];
      }
      keys[slot] = key;
      hashes[slot] = key.hashCode();
    }
    counts[slot]++;
    labels[slot] = label;
  }

  private int find(String key) {
    int hash = key.hashCode();
    for (int i = 0; i < used; i++) {
      if (hashes[i] == hash && keys[i].equals(key)) {
        return i;
      }
    }
    return -1;
  }

  private int smallest() {
    int smallest = 0;
    for (int i = 1; i < used; i++) {
      if (counts[i] < counts[smallest]) {
        smallest = i;
      }
    }
    return smallest;
  }

  /** The key's count (over by at most the smallest counter), 0 when not held. */
  public synchronized long count(String key) {
    int slot = find(key);
    return slot < 0 ? 0 : counts[slot];
  }

  /** The key's certain count ({@code count - error}: what it was counted since it last took a counter over), 0 when not held. */
  public synchronized long guaranteed(String key) {
    int slot = find(key);
    return slot < 0 ? 0 : counts[slot] - errors[slot];
  }

  /** Copies of the counters, heaviest first. */
  public synchronized List<Count> top(int limit) {
    List<Count> all = new ArrayList<>();
    for (int i = 0; i < used; i++) {
      Count copy = new Count(keys[i]);
      copy.count = counts[i];
      copy.error = errors[i];
      copy.label = labels[i];
      all.add(copy);
    }
    all.sort((a, b) -> Long.compare(b.count, a.count));
    return all.subList(0, Math.min(limit, all.size()));
  }
}
