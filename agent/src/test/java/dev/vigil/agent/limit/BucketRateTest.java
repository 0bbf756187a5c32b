package dev.vigil.agent.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.FakeTicker;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** One caller's bucket in a {@link BucketTable}: the GCRA's rate, burst and refill, from a negative start (the ticker's origin is arbitrary). */
class BucketRateTest {
  private static final long SECOND = 1_000_000_000L;
  private static final long START = -123_456_789_000L;

  /** A bucket of {@code shape}, as one key of its own table. */
  private static final class Bucket {
    private final BucketTable table;

    Bucket(BucketShape shape) {
      table = new BucketTable("rate", shape, 100, 10, Duration.ofMinutes(10), new FakeTicker());
    }

    long tryAcquire(long now) {
      return table.tryAcquire("198.51.100.7", now);
    }
  }

  @Test
  void burstThenThrottleWithTimeToNextToken() {
    Bucket bucket = new Bucket(new BucketShape(2, 4));
    for (int i = 0; i < 4; i++) {
      assertThat(bucket.tryAcquire(START)).isZero();
    }
    assertThat(bucket.tryAcquire(START)).isEqualTo(SECOND / 2);
    assertThat(bucket.tryAcquire(START + SECOND / 4)).isEqualTo(SECOND / 4);
  }

  @Test
  void refillsAtTheRateButNeverBeyondTheBurst() {
    Bucket bucket = new Bucket(new BucketShape(1, 3));
    for (int i = 0; i < 3; i++) {
      bucket.tryAcquire(START);
    }
    assertThat(bucket.tryAcquire(START)).isEqualTo(SECOND);
    assertThat(bucket.tryAcquire(START + SECOND)).isZero();
    assertThat(bucket.tryAcquire(START + SECOND)).isEqualTo(SECOND);
    long muchLater = START + 1000 * SECOND;
    for (int i = 0; i < 3; i++) {
      assertThat(bucket.tryAcquire(muchLater)).isZero();
    }
    assertThat(bucket.tryAcquire(muchLater)).isPositive();
  }

  @Test
  void slowRates() {
    Bucket bucket = new Bucket(new BucketShape(1.0 / 3600, 1));
    assertThat(bucket.tryAcquire(START)).isZero();
    assertThat(bucket.tryAcquire(START)).isEqualTo(3600 * SECOND);
  }

  @Test
  void rejectedRequestsDoNotConsume() {
    Bucket bucket = new Bucket(new BucketShape(1, 1));
    bucket.tryAcquire(START);
    for (int i = 0; i < 100; i++) {
      assertThat(bucket.tryAcquire(START + SECOND / 2)).isEqualTo(SECOND / 2);
    }
    assertThat(bucket.tryAcquire(START + SECOND)).isZero();
  }

  @Test
  void concurrentCallersNeverExceedTheBurst() throws Exception {
    Bucket bucket = new Bucket(new BucketShape(1, 1000));
    AtomicInteger allowed = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch go = new CountDownLatch(1);
    for (int t = 0; t < 8; t++) {
      pool.execute(
          () -> {
            try {
              go.await();
            } catch (InterruptedException e) {
              return;
            }
            for (int i = 0; i < 1000; i++) {
              if (bucket.tryAcquire(START) == 0) {
                allowed.incrementAndGet();
              }
            }
          });
    }
    go.countDown();
    pool.shutdown();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThat(allowed.get()).isEqualTo(1000);
  }
}
