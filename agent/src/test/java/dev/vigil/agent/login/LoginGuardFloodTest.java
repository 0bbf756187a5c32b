package dev.vigil.agent.login;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.FakeTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** With small tables, a flood of failed logins from new addresses neither unlocks a source nor resets its backoff. */
class LoginGuardFloodTest {
  private static final int MAX_KEYS = 50;
  private final FakeTicker ticker = new FakeTicker();
  private final LoginGuard guard =
      new LoginGuard(LoginPolicy.defaults().withMaxTrackedKeys(MAX_KEYS), ticker, () -> 0L, new UsernameHasher(new byte[] {4}));
  private int flooded;

  private boolean attempt(String user, String ip, LoginOutcome outcome) {
    LoginVerdict verdict = guard.check(user, ip);
    if (verdict.allowed()) {
      guard.record(verdict.attempt(), outcome);
    }
    return verdict.allowed();
  }

  /** One failed login per new address (IPv4 and IPv6, each its own /16 or /48 for the first 256) and new username: under every threshold. */
  private void flood(int logins) {
    for (int i = 0; i < logins; i++, flooded++) {
      String ip = flooded % 2 == 0 ? "100." + (flooded >> 1 & 0xff) + "." + (flooded >> 9 & 0xff) + ".1" : "2001:" + Integer.toHexString(flooded) + "::1";
      assertThat(attempt("flood" + flooded, ip, LoginOutcome.FAILURE)).as("flood login %d", flooded).isTrue();
    }
    guard.cleanUp();
  }

  private long lockOut(String user, String ip) {
    for (int i = 0; i < 5; i++) {
      assertThat(attempt(user, ip, LoginOutcome.FAILURE)).isTrue();
    }
    LoginVerdict locked = guard.check(user, ip);
    assertThat(locked.allowed()).isFalse();
    return locked.retryAfterSeconds();
  }

  @Test
  void aLockedSourceStaysLockedAndItsNextLockoutIsARepeatAfterAFlood() {
    assertThat(lockOut("alice", "198.51.100.9")).isEqualTo(60);
    flood(MAX_KEYS * 4);
    LoginVerdict after = guard.check("alice", "198.51.100.9");
    assertThat(after.allowed()).as("still locked after the flood").isFalse();
    assertThat(after.rule()).isEqualTo("user-ip");
    assertThat(after.retryAfterSeconds()).isEqualTo(60);

    ticker.advance(Duration.ofMinutes(2));
    flood(MAX_KEYS * 4);
    assertThat(lockOut("alice", "198.51.100.9")).as("a repeat lockout: twice as long").isEqualTo(120);
    assertThat(guard.lockedEvictions()).isZero();
    assertThat(guard.lockoutEvictions()).isPositive();
    assertThat(guard.estimatedSizes().get("user-ip")).isLessThanOrEqualTo(MAX_KEYS + LoginPolicy.DEFAULT_MAX_LOCKED_KEYS);
  }

  @Test
  void theOwnersKnownSourceOutlivesAFloodOfFailedLoginsAndStillPassesThePerUserLockout() {
    assertThat(attempt("alice", "198.51.100.20", LoginOutcome.SUCCESS)).isTrue();
    flood(MAX_KEYS * 4);
    // 30 failures on alice's account, 2 from each of 15 addresses: the per-user lockout holds unknown sources
    for (int i = 0; i < 30; i++) {
      assertThat(attempt("alice", "198.51.100." + (40 + i / 2), LoginOutcome.FAILURE)).isTrue();
    }
    assertThat(guard.check("alice", "198.51.100.99").rule()).isEqualTo("user");
    flood(MAX_KEYS * 4);
    assertThat(guard.check("alice", "198.51.100.98").rule()).as("unknown sources still held").isEqualTo("user");
    assertThat(attempt("alice", "198.51.100.20", LoginOutcome.SUCCESS)).as("the owner, from where she logged in before").isTrue();
    assertThat(guard.knownSourceEvictions()).as("failed logins never touch the known sources").isZero();
  }

  @Test
  void aFloodOfSuccessfulLoginsFromNewAddressesIsCountedAsKnownSourceEvictions() {
    // the one flood that can push the owner's known source out needs valid credentials; the metric shows it
    for (int i = 0; i < MAX_KEYS * 4; i++) {
      assertThat(attempt("mallory", "100." + (64 + (i >> 8 & 63)) + "." + (i & 0xff) + ".7", LoginOutcome.SUCCESS)).isTrue();
    }
    guard.cleanUp();
    assertThat(guard.knownSourceEvictions()).isGreaterThanOrEqualTo(MAX_KEYS * 3);
    assertThat(guard.estimatedSizes().get("known-sources")).isLessThanOrEqualTo(MAX_KEYS);
  }
}
