package dev.vigil.agent.login;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.CapturedStderr;
import dev.vigil.agent.FakeTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A full lockout table evicts keys in good standing: a flood of new keys neither unlocks a key nor resets its backoff. */
class LockoutTableFloodTest {
  private static final int MAX_KEYS = 50;
  private static final long MINUTE = Duration.ofMinutes(1).toNanos();
  // 5 failures in 10 min lock for 1 min, doubled on each repeat within the backoff reset (12 h), no jitter
  private static final LockoutSettings SETTINGS =
      new LockoutSettings(5, Duration.ofMinutes(10), Duration.ofMinutes(1), 2, Duration.ofHours(1), Duration.ZERO);
  private final FakeTicker ticker = new FakeTicker();
  @RegisterExtension final CapturedStderr stderr = new CapturedStderr();
  private int flooded;

  private LockoutTable<String> table(int maxLockedKeys) {
    return new LockoutTable<>(LoginScope.USER_IP, SETTINGS, Duration.ofHours(12).toNanos(), MAX_KEYS, maxLockedKeys, ticker, () -> 0L);
  }

  /** {@code keys} new keys with one failure each (far from locking), then the evictions they caused. */
  private void flood(LockoutTable<String> table, int keys) {
    for (int i = 0; i < keys; i++, flooded++) {
      assertThat(table.recordFailure("100.64." + (flooded >> 8 & 0xff) + "." + (flooded & 0xff), ticker.read())).isFalse();
    }
    table.cleanUp();
  }

  private static void lockOut(LockoutTable<String> table, String key, long now) {
    for (int failure = 1; failure < 5; failure++) {
      assertThat(table.recordFailure(key, now)).isFalse();
    }
    assertThat(table.recordFailure(key, now)).as("the fifth failure locks").isTrue();
  }

  @Test
  void aLockedKeyStaysLockedAndItsNextLockoutIsStillARepeatAfterFloods() {
    LockoutTable<String> table = table(10);
    lockOut(table, "198.51.100.9", ticker.read());
    ticker.advance(Duration.ofSeconds(10));
    flood(table, MAX_KEYS * 4);
    assertThat(table.remainingNanos("198.51.100.9", ticker.read())).as("still locked, for the rest of its minute").isEqualTo(MINUTE - Duration.ofSeconds(10).toNanos());
    assertThat(table.tryReserve("198.51.100.9", ticker.read())).as("an attempt is refused as long").isEqualTo(MINUTE - Duration.ofSeconds(10).toNanos());

    ticker.advance(Duration.ofMinutes(5));
    assertThat(table.remainingNanos("198.51.100.9", ticker.read())).isZero();
    flood(table, MAX_KEYS * 4);
    lockOut(table, "198.51.100.9", ticker.read());
    assertThat(table.remainingNanos("198.51.100.9", ticker.read())).as("a repeat: twice as long").isEqualTo(2 * MINUTE);
  }

  @Test
  void keysInGoodStandingAreTheOnesEvicted() {
    LockoutTable<String> table = table(10);
    for (int i = 0; i < 5; i++) {
      lockOut(table, "198.51.100." + i, ticker.read());
    }
    flood(table, MAX_KEYS * 4);
    assertThat(table.evictions()).as("flood keys pushed out").isGreaterThanOrEqualTo(MAX_KEYS * 4 - MAX_KEYS);
    assertThat(table.lockedEvictions()).isZero();
    assertThat(table.activeLockouts(ticker.read())).isEqualTo(5);
    assertThat(table.estimatedSize()).isLessThanOrEqualTo(MAX_KEYS + 10);
  }

  @Test
  void placesInFlightOfALockedKeyAreTakenAndGivenBackInItsSegment() {
    LockoutTable<String> table = table(10);
    lockOut(table, "198.51.100.9", ticker.read());
    ticker.advance(Duration.ofMinutes(2));
    long reservedAt = ticker.read();
    for (int place = 0; place < 5; place++) {
      assertThat(table.tryReserve("198.51.100.9", reservedAt)).isZero();
    }
    assertThat(table.tryReserve("198.51.100.9", reservedAt)).as("5 attempts in flight fill the threshold").isEqualTo(Lockout.IN_FLIGHT_RETRY_NANOS);
    flood(table, MAX_KEYS * 4);
    table.release("198.51.100.9", reservedAt, ticker.read());
    assertThat(table.tryReserve("198.51.100.9", ticker.read())).as("the place given back is free again").isZero();
  }

  @Test
  void anOverflowingLockedSegmentIsCountedNoticedOnceAndStaysBounded() {
    LockoutTable<String> table = table(5);
    for (int i = 0; i < 30; i++) {
      table.lock("198.51.100." + i, ticker.read());
      table.cleanUp();
    }
    flood(table, MAX_KEYS * 4);
    assertThat(table.lockedEvictions()).as("locked keys beyond the 5 kept").isEqualTo(25);
    assertThat(table.activeLockouts(ticker.read())).isEqualTo(5);
    assertThat(table.estimatedSize()).isLessThanOrEqualTo(MAX_KEYS + 5);
    assertThat(stderr.lines())
        .singleElement()
        .asString()
        .contains("login lockouts (user-ip)", "more than 5 locked keys", "raise login.maxLockedKeys");
  }
}
