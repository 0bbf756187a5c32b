package dev.vigil.agent.limit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Builds one bounded segment of a per-caller table: a size cap (W-TinyLFU picks what goes), expiry
 * after the last access, the injected ticker, maintenance on the calling thread (never the common
 * ForkJoinPool, which an agent must not touch) and its evictions counted.
 */
public final class TableSegments {
  private TableSegments() {}

  public static <K, V> Cache<K, V> bounded(int maxKeys, long expireAfterAccessNanos, Ticker ticker, SizeEvictions evictions) {
    return Caffeine.newBuilder()
        .maximumSize(maxKeys)
        .expireAfterAccess(expireAfterAccessNanos, TimeUnit.NANOSECONDS)
        .ticker(ticker)
        .executor(Runnable::run)
        .evictionListener(evictions)
        .<K, V>build();
  }

  /** Removes every key {@code which} accepts (an operator's unlock walks a bounded table); returns how many went. */
  public static <K, V> int forget(Cache<K, V> table, Predicate<? super K> which) {
    int removed = 0;
    for (Iterator<K> keys = table.asMap().keySet().iterator(); keys.hasNext(); ) {
      if (which.test(keys.next())) {
        keys.remove();
        removed++;
      }
    }
    return removed;
  }
}
