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
    assertThat(table.estimatedSize()).as("maxKeys + maxThrottledKeys").isLessThanOrEqualTo(cap + 10);
  }

  @Test
  void aSegmentedTableKeepsEveryCallerUpToItsBoundAndNoMore() {
    // 200,000 + 20,000 callers: 64 segments, each growing from 16 slots
    BucketTable table = table(new BucketShape(1.0 / 60, 1), 200_000, 20_000, ticker);
    for (int i = 0; i < 150_000; i++) {
      assertThat(table.tryAcquire("10." + (i >> 16 & 0xff) + "." + (i >> 8 & 0xff) + "." + (i & 0xff), ticker.read())).isZero();
    }
    assertThat(table.evictions()).as("room for all of them").isZero();
    assertThat(table.estimatedSize()).isEqualTo(150_000);
    for (int i = 0; i < 150_000; i++) {
      assertThat(table.tryAcquire("10." + (i >> 16 & 0xff) + "." + (i >> 8 & 0xff) + "." + (i & 0xff), ticker.read()))
          .as("caller %d remembered", i)
          .isPositive();
    }
    for (int i = 150_000; i < 600_000; i++) {
      table.tryAcquire("10." + (i >> 16 & 0xff) + "." + (i >> 8 & 0xff) + "." + (i & 0xff), ticker.read());
    }
    assertThat(table.estimatedSize()).isLessThanOrEqualTo(220_000);
  }

  @Test
  void keysThatShareAStringHashKeepTheirOwnBuckets() {
    // "Aa" and "BB" have the same String.hashCode: the table's seeded fingerprint tells them apart
    BucketTable table = table(new BucketShape(1, 1), 100, 10, ticker);
    assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
    assertThat(table.tryAcquire("Aa", ticker.read())).isZero();
    assertThat(table.tryAcquire("BB", ticker.read())).isZero();
    assertThat(table.tryAcquire("Aa", ticker.read())).isPositive();
  }

  @Test
  void forgetRemovesOnlyTheMatchingCallers() {
    BucketTable table = table(new BucketShape(1.0 / 60, 1), 100, 10, ticker);
    table.tryAcquire("10.0.0.1", ticker.read());
    table.tryAcquire("10.0.0.2", ticker.read());
    assertThat(table.forget("10.0.0.1"::equals)).isEqualTo(1);
    assertThat(table.tryAcquire("10.0.0.1", ticker.read())).as("a full burst again").isZero();
    assertThat(table.tryAcquire("10.0.0.2", ticker.read())).isPositive();
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
