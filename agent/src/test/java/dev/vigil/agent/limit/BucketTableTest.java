package dev.vigil.agent.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.FakeTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BucketTableTest {
  private final FakeTicker ticker = new FakeTicker();

  private static BucketTable table(BucketShape shape, int maxKeys, int maxThrottledKeys, com.github.benmanes.caffeine.cache.Ticker ticker) {
    return new BucketTable("test-rule", shape, maxKeys, maxThrottledKeys, Duration.ofMinutes(10), ticker);
  }

  @Test
  void eachKeyHasItsOwnBucket() {
    BucketTable table = table(new BucketShape(1, 1), 100, 10, ticker);
    assertThat(table.tryAcquire("10.0.0.1", ticker.read())).isZero();
    assertThat(table.tryAcquire("10.0.0.1", ticker.read())).isPositive();
    assertThat(table.tryAcquire("10.0.0.2", ticker.read())).isZero();
  }

  @Test
  void aNewCallersFirstRequestIsServedEvenWithBurstOne() {
    // the table reads the real ticker after the engine read "now": time moves between the two reads
    com.github.benmanes.caffeine.cache.Ticker moving = () -> { ticker.advanceNanos(1_000); return ticker.read(); };
    BucketTable table = table(new BucketShape(1, 1), 100, 10, moving);
    long now = ticker.read();
    assertThat(table.tryAcquire("10.0.0.1", now)).isZero();
    assertThat(table.tryAcquire("10.0.0.1", now)).isEqualTo(1_000_000_000L);
  }

  @Test
  void capHoldsUnderAFloodOfDistinctKeys() {
    int cap = 1_000;
    BucketTable table = table(new BucketShape(10, 10), cap, 10, ticker);
    for (int i = 0; i < cap * 10; i++) {
      table.tryAcquire("10." + (i >> 16 & 0xff) + "." + (i >> 8 & 0xff) + "." + (i & 0xff), ticker.read());
    }
    table.cleanUp();
    assertThat(table.estimatedSize()).isLessThanOrEqualTo(cap);
  }

  @Test
  void idleKeysExpire() {
    BucketTable table = table(new BucketShape(10, 10), 100, 10, ticker);
    table.tryAcquire("a", ticker.read());
    ticker.advance(Duration.ofMinutes(11));
    table.cleanUp();
    assertThat(table.estimatedSize()).isZero();
  }

  @Test
  void bucketsLiveAtLeastUntilTheyCouldHaveRefilled() {
    // 1/h with burst 1 needs an hour to refill; a 10-minute idle expiry must not reset it earlier
    BucketTable table = table(new BucketShape(1.0 / 3600, 1), 100, 10, ticker);
    assertThat(table.tryAcquire("a", ticker.read())).isZero();
    ticker.advance(Duration.ofMinutes(30));
    assertThat(table.tryAcquire("a", ticker.read())).isEqualTo(Duration.ofMinutes(30).toNanos());
  }
}
