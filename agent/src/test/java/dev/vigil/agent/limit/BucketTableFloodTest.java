package dev.vigil.agent.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.CapturedStderr;
import dev.vigil.agent.FakeTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A full table forgets one-off callers first: a flood of new keys never hands a throttled caller a fresh burst. */
class BucketTableFloodTest {
  private static final int MAX_KEYS = 50;
  private static final BucketShape ONE_PER_MINUTE_BURST_2 = new BucketShape(1.0 / 60, 2);
  private final FakeTicker ticker = new FakeTicker();
  @RegisterExtension final CapturedStderr stderr = new CapturedStderr();
  private int flooded;

  private BucketTable table(int maxThrottledKeys) {
    return new BucketTable("flood", ONE_PER_MINUTE_BURST_2, MAX_KEYS, maxThrottledKeys, Duration.ofMinutes(10), ticker);
  }

  /** {@code keys} one-off callers, each new and in good standing, then the evictions they caused. */
  private void flood(BucketTable table, int keys) {
    for (int i = 0; i < keys; i++, flooded++) {
      assertThat(table.tryAcquire("100.64." + (flooded >> 8 & 0xff) + "." + (flooded & 0xff), ticker.read())).isZero();
    }
    table.cleanUp();
  }

  private static void exhaust(BucketTable table, String key, long now) {
    assertThat(table.tryAcquire(key, now)).isZero();
    assertThat(table.tryAcquire(key, now)).isZero();
    assertThat(table.tryAcquire(key, now)).as("third request within the burst's minute").isPositive();
  }

  @Test
  void aThrottledCallerKeepsItsRetryAfterTrajectoryThroughAFloodOfNewKeys() {
    BucketTable flooded = table(10);
    BucketTable quiet = table(10);
    exhaust(flooded, "198.51.100.7", ticker.read());
    exhaust(quiet, "198.51.100.7", ticker.read());
    List<Long> withFlood = new ArrayList<>();
    List<Long> without = new ArrayList<>();
    for (int step = 0; step < 8; step++) {
      flood(flooded, MAX_KEYS * 4);
      withFlood.add(flooded.tryAcquire("198.51.100.7", ticker.read()));
      without.add(quiet.tryAcquire("198.51.100.7", ticker.read()));
      ticker.advance(Duration.ofSeconds(20));
    }
    assertThat(withFlood).as("waits, then the one token a minute, exactly as without the flood").isEqualTo(without);
    assertThat(withFlood.get(0)).isEqualTo(Duration.ofSeconds(60).toNanos());
    assertThat(withFlood).filteredOn(wait -> wait == 0).as("one token per minute, never a fresh burst of 2").hasSize(2);
  }

  @Test
  void callersInGoodStandingAreTheOnesEvicted() {
    BucketTable table = table(10);
    for (int i = 0; i < 5; i++) {
      exhaust(table, "198.51.100." + i, ticker.read());
    }
    flood(table, MAX_KEYS * 4);
    // room for MAX_KEYS + 10 callers, 5 of them throttled: every flood caller beyond the rest is pushed out
    assertThat(table.evictions()).as("flood callers pushed out").isEqualTo(MAX_KEYS * 4 - (MAX_KEYS + 10 - 5));
    assertThat(table.throttledEvictions()).isZero();
    assertThat(table.throttledSize()).isEqualTo(5);
    for (int i = 0; i < 5; i++) {
      assertThat(table.tryAcquire("198.51.100." + i, ticker.read())).as("throttled caller %d", i).isPositive();
    }
    assertThat(table.estimatedSize()).isLessThanOrEqualTo(MAX_KEYS + 10);
  }

  @Test
  void aThrottledCallerIsNotForgottenBeforeItsBucketCouldHaveRefilled() {
    BucketTable table = table(10);
    exhaust(table, "198.51.100.7", ticker.read());
    ticker.advance(Duration.ofMinutes(2).minusNanos(1));
    flood(table, MAX_KEYS * 4);
    assertThat(table.tryAcquire("198.51.100.7", ticker.read())).as("the one token back").isZero();
    assertThat(table.tryAcquire("198.51.100.7", ticker.read())).as("a nanosecond short of refilling: no fresh burst of 2").isPositive();
    ticker.advance(Duration.ofMinutes(15));
    table.cleanUp();
    assertThat(table.estimatedSize()).as("full for the idle expiry: forgotten").isZero();
    exhaust(table, "198.51.100.7", ticker.read());
  }

  @Test
  void aTableFullOfThrottledCallersIsCountedNoticedOnceAndStaysBounded() {
    BucketTable table = table(5);
    for (int i = 0; i < 80; i++) {
      exhaust(table, "198.51.100." + i, ticker.read());
    }
    assertThat(table.throttledEvictions()).as("throttled callers beyond the 55 the table holds").isEqualTo(80 - (MAX_KEYS + 5));
    flood(table, MAX_KEYS * 4);
    assertThat(table.estimatedSize()).isLessThanOrEqualTo(MAX_KEYS + 5);
    assertThat(stderr.lines())
        .singleElement()
        .asString()
        .contains("rule flood", "full of throttled callers", "raise state.maxThrottledKeysPerRule");
  }
}
