package dev.vigil.agent.engine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Throttle counts per caller key, for the summary's "top throttled" list. Bounded, so under a
 * flood of distinct callers the counts are approximate (rarely seen keys are evicted first).
 */
final class ThrottledCallers {
  private static final int MAX_KEYS = 1_000;
  private static final long IDLE_HOURS = 24;

  private final Cache<String, LongAdder> counts;

  ThrottledCallers(Ticker ticker) {
    this.counts =
        Caffeine.newBuilder()
            .maximumSize(MAX_KEYS)
            .expireAfterAccess(IDLE_HOURS, TimeUnit.HOURS)
            .ticker(ticker)
            .executor(Runnable::run)
            .build();
  }

  void count(String displayKey) {
    counts.get(displayKey, key -> new LongAdder()).increment();
  }

  /** The {@code limit} most throttled keys, most first. */
  Map<String, Long> top(int limit) {
    List<Map.Entry<String, Long>> entries = new ArrayList<>();
    for (Map.Entry<String, LongAdder> entry : counts.asMap().entrySet()) {
      entries.add(Map.entry(entry.getKey(), entry.getValue().sum()));
    }
    entries.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
    Map<String, Long> top = new LinkedHashMap<>();
    for (Map.Entry<String, Long> entry : entries.subList(0, Math.min(limit, entries.size()))) {
      top.put(entry.getKey(), entry.getValue());
    }
    return Collections.unmodifiableMap(top);
  }
}
