package dev.vigil.agent.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
  private static final long SECOND = 1_000_000_000L;
  private static final long START = -123_456_789_000L;

  @Test
  void burstThenThrottleWithTimeToNextToken() {
    TokenBucket bucket = new TokenBucket(new BucketShape(2, 4), START);
    for (int i = 0; i < 4; i++) {
      assertThat(bucket.tryAcquire(START)).isZero();
    }
    assertThat(bucket.tryAcquire(START)).isEqualTo(SECOND / 2);
    assertThat(bucket.tryAcquire(START + SECOND / 4)).isEqualTo(SECOND / 4);
  }

  @Test
  void refillsAtTheRateButNeverBeyondTheBurst() {
    TokenBucket bucket = new TokenBucket(new BucketShape(1, 3), START);
    for (int i = 0; i < 3; i++) {
      bucket.tryAcquire(START);
    }
    assertThat(bucket.available(START)).isZero();
    assertThat(bucket.tryAcquire(START + SECOND)).isZero();
    assertThat(bucket.tryAcquire(START + SECOND)).isEqualTo(SECOND);
    long muchLater = START + 1000 * SECOND;
    assertThat(bucket.available(muchLater)).isEqualTo(3);
    for (int i = 0; i < 3; i++) {
      assertThat(bucket.tryAcquire(muchLater)).isZero();
    }
    assertThat(bucket.tryAcquire(muchLater)).isPositive();
  }

  @Test
  void slowRates() {
    TokenBucket bucket = new TokenBucket(new BucketShape(1.0 / 3600, 1), START);
    assertThat(bucket.tryAcquire(START)).isZero();
    assertThat(bucket.tryAcquire(START)).isEqualTo(3600 * SECOND);
  }

  @Test
  void rejectedRequestsDoNotConsume() {
    TokenBucket bucket = new TokenBucket(new BucketShape(1, 1), START);
    bucket.tryAcquire(START);
    for (int i = 0; i < 100; i++) {
      assertThat(bucket.tryAcquire(START + SECOND / 2)).isEqualTo(SECOND / 2);
    }
    assertThat(bucket.tryAcquire(START + SECOND)).isZero();
  }

  @Test
  void concurrentCallersNeverExceedTheBurst() throws Exception {
    TokenBucket bucket = new TokenBucket(new BucketShape(1, 1000), START);
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
