package dev.vigil.agent.limit;

import com.github.benmanes.caffeine.cache.Ticker;

/**
 * The time a hot table's Caffeine segments expire entries by: the latest "now" the table's callers
 * passed in, kept only when it moved by more than {@link #GRANULARITY_NANOS}. A bounded cache with
 * expiry reads its ticker on every lookup, and a clock read costs as much as the lookup on some
 * machines (about 35 ns on this project's CI host): the request already read the time once, so the
 * table takes it from there. Written at most once per granularity, the shared field stays in every
 * core's cache. Expiry is then up to one granularity early: tables add it to their expiry times.
 *
 * <p>Maintenance off the request path ({@link #refresh}) reads the real ticker first, so an idle
 * table still expires what it should when it is cleaned up.
 */
public final class ObservedTicker implements Ticker {
  /** One millisecond: nothing a table keeps expires within less than seconds. */
  public static final long GRANULARITY_NANOS = 1_000_000L;

  private final Ticker real;
  private volatile long latest;

  public ObservedTicker(Ticker real) {
    this.real = real;
    this.latest = real.read();
  }

  /** A caller's "now", read from the real ticker just before. */
  public void observe(long nowNanos) {
    if (nowNanos - latest > GRANULARITY_NANOS) {
      latest = nowNanos; // racing writers may set a slightly older value: within a granularity, harmless
    }
  }

  /** Catches up with the real ticker, for maintenance that no request precedes. */
  public void refresh() {
    observe(real.read());
  }

  @Override
  public long read() {
    return latest;
  }
}
