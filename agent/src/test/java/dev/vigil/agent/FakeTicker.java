package dev.vigil.agent;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A ticker tests move by hand; starts far from zero so code cannot assume nanoTime starts at 0. */
public final class FakeTicker implements Ticker {
  private final AtomicLong nanos = new AtomicLong(-7_000_000_000_000L);

  @Override
  public long read() {
    return nanos.get();
  }

  public void advance(Duration duration) {
    nanos.addAndGet(duration.toNanos());
  }

  public void advanceNanos(long delta) {
    nanos.addAndGet(delta);
  }
}
