package dev.vigil.agent.limit;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One caller's token bucket, in the GCRA form: the only state is the "theoretical arrival time"
 * after which the bucket is full again, advanced by one interval per request.
 *
 * <p>Hand-written rather than taken from a library because it sits on every request's hot path:
 * it must not allocate, must not lock, and must stay small enough to keep one per caller (its state
 * is one long; rate and burst live once per rule in {@link BucketShape}). Time comes from the
 * caller so tests drive it with a fake ticker.
 */
public final class TokenBucket {
  private static final VarHandle FULL_AT;

  static {
    try {
      FULL_AT = MethodHandles.lookup().findVarHandle(TokenBucket.class, "fullAt", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final BucketShape shape;

  @SuppressWarnings("unused") // accessed through FULL_AT
  private volatile long fullAt;

  /** A full bucket. */
  public TokenBucket(BucketShape shape, long nowNanos) {
    this.shape = shape;
    this.fullAt = nowNanos;
  }

  /**
   * Takes one token if there is one.
   *
   * @return 0 when the request is allowed, otherwise the nanoseconds until a token is available
   */
  public long tryAcquire(long nowNanos) {
    long interval = shape.intervalNanos();
    long capacity = shape.capacityNanos();
    while (true) {
      long current = (long) FULL_AT.getVolatile(this);
      long base = current - nowNanos > 0 ? current : nowNanos;
      long next = base + interval;
      long ahead = next - nowNanos;
      if (ahead > capacity) {
        return ahead - capacity;
      }
      if (FULL_AT.compareAndSet(this, current, next)) {
        return 0;
      }
    }
  }

  /** Tokens available now, for tests and diagnostics. */
  public long available(long nowNanos) {
    long current = (long) FULL_AT.getVolatile(this);
    long used = current - nowNanos > 0 ? current - nowNanos : 0;
    return (shape.capacityNanos() - used) / shape.intervalNanos();
  }
}
