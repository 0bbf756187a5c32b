package dev.vigil.agent.limit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * The buckets of one rule, one per caller key, in a bounded cache: at most {@code maxKeys}
 * callers, each forgotten after being idle. Under an address-rotation flood the cap holds and the
 * least useful buckets go first.
 */
public final class BucketTable {
  private final Cache<String, TokenBucket> buckets;
  private final Function<String, TokenBucket> newBucket;
  private final LongAdder evictedBySize = new LongAdder();

  public BucketTable(BucketShape shape, int maxKeys, Duration idleExpiry, Ticker ticker) {
    // never forget a bucket before it could have refilled, or eviction would hand out a fresh burst early
    long expiryNanos = Math.max(idleExpiry.toNanos(), shape.capacityNanos());
    this.buckets =
        Caffeine.newBuilder()
            .maximumSize(maxKeys)
            .expireAfterAccess(expiryNanos, TimeUnit.NANOSECONDS)
            .ticker(ticker)
            .executor(Runnable::run)
            .evictionListener((String key, TokenBucket bucket, RemovalCause cause) -> countEviction(cause))
            .build();
    // built once: a capturing lambda per request would allocate on the hot path. The ticker is read
    // after the caller's "now", so a new bucket must already be full a whole capacity earlier, or
    // with burst 1 a new caller's first request would find it a few nanoseconds short of a token.
    this.newBucket = key -> new TokenBucket(shape, ticker.read() - shape.capacityNanos());
  }

  /** Takes a token from the caller's bucket: 0 when allowed, else nanoseconds until one is available. */
  public long tryAcquire(String key, long nowNanos) {
    return buckets.get(key, newBucket).tryAcquire(nowNanos);
  }

  private void countEviction(RemovalCause cause) {
    if (cause == RemovalCause.SIZE) {
      evictedBySize.increment();
    }
  }

  /** Callers pushed out because the table was full (idle expiry is not counted): a sign of address rotation. */
  public long evictions() {
    return evictedBySize.sum();
  }

  public long estimatedSize() {
    return buckets.estimatedSize();
  }

  /** Runs pending evictions now; the cache otherwise does it on later accesses. */
  public void cleanUp() {
    buckets.cleanUp();
  }
}
