package dev.vigil.agent.detect.sketch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The heaviest keys of a stream in fixed space (Metwally's Space-Saving): at most {@code capacity}
 * counters; a key not counted yet takes over the smallest counter and inherits its count, so a key
 * that is really among the top is never missed, and any key's count is over by at most the
 * smallest counter. A flood of distinct keys costs one counter's churn, never memory.
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

  private final int capacity;
  private final Map<String, Count> counts = new HashMap<>();

  public HeavyHitters(int capacity) {
    this.capacity = capacity;
  }

  public synchronized void add(String key, String label) {
    Count count = counts.get(key);
    if (count == null) {
      count = new Count(key);
      if (counts.size() >= capacity) {
        Count smallest = smallest();
        counts.remove(smallest.key);
        count.count = smallest.count;
        count.error = smallest.count;
      }
      counts.put(key, count);
    }
    count.count++;
    count.label = label;
  }

  /** The key's count (over by at most the smallest counter), 0 when not held. */
  public synchronized long count(String key) {
    Count count = counts.get(key);
    return count == null ? 0 : count.count;
  }

  /** The key's certain count ({@code count - error}: what it was counted since it last took a counter over), 0 when not held. */
  public synchronized long guaranteed(String key) {
    Count count = counts.get(key);
    return count == null ? 0 : count.count - count.error;
  }

  /** Copies of the counters, heaviest first. */
  public synchronized List<Count> top(int limit) {
    List<Count> all = new ArrayList<>();
    for (Count count : counts.values()) {
      Count copy = new Count(count.key);
      copy.count = count.count;
      copy.error = count.error;
      copy.label = count.label;
      all.add(copy);
    }
    all.sort((a, b) -> Long.compare(b.count, a.count));
    return all.subList(0, Math.min(limit, all.size()));
  }

  private Count smallest() {
    Count smallest = null;
    for (Count count : counts.values()) {
      if (smallest == null || count.count < smallest.count) {
        smallest = count;
      }
    }
    return smallest;
  }
}
