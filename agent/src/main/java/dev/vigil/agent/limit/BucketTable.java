package dev.vigil.agent.limit;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.vigil.agent.detect.sketch.SeededHash;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * The token buckets of one rule, one per caller key, in a bounded table of our own: at most
 * {@code maxKeys + maxThrottledKeys} callers, each bucket one long (in the GCRA form: the time it is
 * full again; rate and burst live once per rule in {@link BucketShape}) in striped open-addressing
 * segments ({@link BucketSegment}).
 *
 * <p>Hand-written rather than a Caffeine cache because it is the one table every request reads: end
 * to end, on a server whose caches the app keeps cold, a Caffeine lookup (its hash map's node, the
 * key's bytes, the access-order bookkeeping and drains) was half of the agent's time per request,
 * and ~170 bytes per caller. Here a lookup reads a segment's monitor and one cache line (the
 * fingerprint and the bucket side by side), and a caller costs ~20 bytes of arrays plus its key.
 *
 * <p>What a full table forgets, when a new caller needs room in its slot window, is chosen so that no
 * flood of new keys hands an abuser a fresh burst: first a bucket that is full anyway (forgetting it
 * changes nothing), then the caller seen least often, then the one with the most tokens left. So a
 * flood forgets its own one-off keys, and a throttled caller, seen again and again, is forgotten only
 * when everything near it is throttled too; that is counted apart and noticed once on stderr. An
 * entry goes once its bucket has been full for the idle expiry.
 */
public final class BucketTable {
  /** Above this many callers a table is split into segments, each with its own lock. */
  private static final int CALLERS_PER_SEGMENT = 256;
  private static final int MAX_SEGMENTS = 64;

  private final BucketShape shape;
  private final Ticker ticker;
  private final long idleNanos;
  private final SeededHash hash = new SeededHash();
  private final BucketSegment[] segments;
  private final int segmentShift;
  final SizeEvictions evictions = SizeEvictions.counted();
  final SizeEvictions throttledEvictions;

  /** @param rule the rule's name, for the notice when the table is full of throttled callers */
  public BucketTable(String rule, BucketShape shape, int maxKeys, int maxThrottledKeys, Duration idleExpiry, Ticker ticker) {
    this.shape = shape;
    this.ticker = ticker;
    this.idleNanos = idleExpiry.toNanos();
    long callers = Math.max(1, (long) maxKeys + Math.max(0, maxThrottledKeys));
    int count = 1;
    while (count < MAX_SEGMENTS && callers / (count * 2L) >= CALLERS_PER_SEGMENT) {
      count *= 2;
    }
    this.segments = new BucketSegment[count];
    int perSegment = (int) Math.min(Integer.MAX_VALUE / 4, callers / count);
    for (int i = 0; i < count; i++) {
      segments[i] = new BucketSegment(this, perSegment);
    }
    this.segmentShift = 64 - Integer.numberOfTrailingZeros(count);
    this.throttledEvictions =
        SizeEvictions.noticed(
            "rule " + rule + ": its table (" + callers + " callers) is full of throttled callers; the least active are forgotten"
            + " and get a fresh burst; raise state.maxThrottledKeysPerRule");
  }

  /**
   * Takes a token from the caller's bucket: 0 when allowed, else nanoseconds until one is available.
   * A caller never seen gets a full bucket.
   */
  public long tryAcquire(String key, long nowNanos) {
    long fingerprint = hash.of(key);
    BucketSegment segment = segments.length == 1 ? segments[0] : segments[(int) (fingerprint >>> segmentShift)];
    synchronized (segment) {
      return segment.acquire(fingerprint, key, nowNanos);
    }
  }

  /** Callers with state worth keeping pushed out because the table was full (idle expiry is not counted): a sign of address rotation. */
  public long evictions() {
    return evictions.count();
  }

  /** Throttled callers pushed out because the table was full of them: each got a fresh burst. */
  public long throttledEvictions() {
    return throttledEvictions.count();
  }

  /** Callers held. */
  public long estimatedSize() {
    long size = 0;
    for (BucketSegment segment : segments) {
      size += segment.size();
    }
    return size;
  }

  /** Callers whose bucket would refuse a request now, for tests. */
  long throttledSize() {
    long now = ticker.read();
    long throttled = 0;
    for (BucketSegment segment : segments) {
      synchronized (segment) {
        throttled += segment.throttledCount(now);
      }
    }
    return throttled;
  }

  /** Forgets the callers whose bucket has been full for the idle expiry; lookups otherwise reuse their slots as they go. */
  public void cleanUp() {
    long now = ticker.read();
    for (BucketSegment segment : segments) {
      synchronized (segment) {
        segment.removeIf(null, now);
      }
    }
  }

  /** Forgets the buckets of every key {@code which} accepts: an operator's unlock gives them a full burst. */
  public int forget(Predicate<String> which) {
    int removed = 0;
    for (BucketSegment segment : segments) {
      synchronized (segment) {
        removed += segment.removeIf(which, 0);
      }
    }
    return removed;
  }

  BucketShape shape() {
    return shape;
  }

  long idleNanos() {
    return idleNanos;
  }
}
