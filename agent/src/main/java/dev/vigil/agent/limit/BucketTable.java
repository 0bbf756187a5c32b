package dev.vigil.agent.limit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The buckets of one rule, one per caller key, in two bounded caches. The general segment holds
 * callers in good standing: at most {@code maxKeys}, each forgotten after being idle, and when it is
 * full Caffeine's W-TinyLFU evicts the least useful. A bucket that refuses a request moves to the
 * throttled segment, out of reach of a flood of new keys, and stays there until it could have
 * refilled (its capacity time without a request): a full table never hands an abuser a fresh burst.
 * The throttled segment has its own bound ({@code maxThrottledKeys}); when even that is full, its own
 * W-TinyLFU forgets the throttled callers seen least often, counted apart and noticed once on stderr.
 */
public final class BucketTable {
  private final ObservedTicker time;
  private final Cache<String, TokenBucket> general;
  private final Cache<String, TokenBucket> throttled;
  private final Function<String, TokenBucket> newBucket;
  private final SizeEvictions generalEvictions = SizeEvictions.counted();
  private final SizeEvictions throttledEvictions;

  /** @param rule the rule's name, for the notice when the throttled segment is full */
  public BucketTable(String rule, BucketShape shape, int maxKeys, int maxThrottledKeys, Duration idleExpiry, Ticker ticker) {
    // never forget a bucket before it could have refilled, or eviction would hand out a fresh burst early
    // (and the observed time may be a granularity behind)
    long expiryNanos = Math.max(idleExpiry.toNanos(), shape.capacityNanos()) + ObservedTicker.GRANULARITY_NANOS;
    this.time = new ObservedTicker(ticker);
    this.general = TableSegments.bounded(maxKeys, expiryNanos, time, generalEvictions);
    this.throttledEvictions =
        SizeEvictions.noticed(
            "rule " + rule + ": more than " + maxThrottledKeys + " throttled callers at once; the least active are forgotten"
                + " and get a fresh burst; raise state.maxThrottledKeysPerRule");
    // a refused request does not spend a token: a capacity time after its last request any bucket is full again
    this.throttled = TableSegments.bounded(maxThrottledKeys, shape.capacityNanos() + ObservedTicker.GRANULARITY_NANOS, time, throttledEvictions);
    // built once: a capturing lambda per request would allocate on the hot path. The ticker is read
    // after the caller's "now", so a new bucket must already be full a whole capacity earlier, or
    // with burst 1 a new caller's first request would find it a few nanoseconds short of a token.
    // A bucket that moved to the throttled segment while this caller looked is taken, not replaced.
    this.newBucket =
        key -> {
          TokenBucket moved = throttled.getIfPresent(key);
          return moved != null ? moved : new TokenBucket(shape, ticker.read() - shape.capacityNanos());
        };
  }

  /**
   * Takes a token from the caller's bucket: 0 when allowed, else nanoseconds until one is available.
   * A caller in good standing costs one lookup; a throttled one, whose bucket left the general
   * segment, two.
   */
  public long tryAcquire(String key, long nowNanos) {
    time.observe(nowNanos);
    TokenBucket bucket = general.getIfPresent(key);
    if (bucket == null) {
      bucket = throttled.getIfPresent(key);
      if (bucket != null) {
        return bucket.tryAcquire(nowNanos);
      }
      bucket = general.get(key, newBucket);
    }
    long waitNanos = bucket.tryAcquire(nowNanos);
    if (waitNanos > 0) {
      // added before it leaves the general segment, so a lookup in between finds it in one of them
      throttled.put(key, bucket);
      general.asMap().remove(key, bucket);
    }
    return waitNanos;
  }

  /** Callers in good standing pushed out because the table was full (idle expiry is not counted): a sign of address rotation. */
  public long evictions() {
    return generalEvictions.count();
  }

  /** Throttled callers pushed out because the throttled segment was full: each got a fresh burst. */
  public long throttledEvictions() {
    return throttledEvictions.count();
  }

  /** Callers held, in both segments. */
  public long estimatedSize() {
    return general.estimatedSize() + throttled.estimatedSize();
  }

  /** Throttled callers held (the protected segment), for tests. */
  long throttledSize() {
    return throttled.estimatedSize();
  }

  /** Runs pending evictions now; the caches otherwise do it on later accesses. */
  public void cleanUp() {
    time.refresh();
    general.cleanUp();
    throttled.cleanUp();
  }

  /** Forgets the buckets of every key {@code which} accepts: an operator's unlock gives them a full burst. */
  public int forget(Predicate<String> which) {
    return TableSegments.forget(throttled, which) + TableSegments.forget(general, which);
  }
}
