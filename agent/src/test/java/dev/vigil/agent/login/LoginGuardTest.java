package dev.vigil.agent.login;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.FakeTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

class LoginGuardTest {
  private static final LongSupplier NO_JITTER = () -> 0L;
  private final FakeTicker ticker = new FakeTicker();

  private LoginGuard guard(LongSupplier jitter) {
    return new LoginGuard(LoginPolicy.defaults(), ticker, jitter, new UsernameHasher(new byte[] {1, 2, 3}));
  }

  /** One attempt the way an auth hook drives the guard; true when it reached the password check. */
  private static boolean attempt(LoginGuard guard, String user, String ip, LoginOutcome outcome) {
    LoginVerdict verdict = guard.check(user, ip);
    if (!verdict.allowed()) {
      return false;
    }
    guard.record(verdict.attempt(), outcome);
    return true;
  }

  /** The verdict an attempt would get now, without making one (an allowed attempt is abandoned at once). */
  private static LoginVerdict probe(LoginGuard guard, String user, String ip) {
    LoginVerdict verdict = guard.check(user, ip);
    if (verdict.allowed()) {
      guard.abandon(verdict.attempt());
    }
    return verdict;
  }

  private static int attempts(LoginGuard guard, String user, String ip, int times) {
    int reached = 0;
    for (int i = 0; i < times; i++) {
      reached += attempt(guard, user, ip, LoginOutcome.FAILURE) ? 1 : 0;
    }
    return reached;
  }

  @Test
  void bruteForceOnOneAccountFromOneAddressStopsAtTheThreshold() {
    LoginGuard guard = guard(new SplittableRandom(7)::nextLong);
    assertThat(attempts(guard, "alice", "203.0.113.5", 100)).isEqualTo(5);
    LoginVerdict verdict = probe(guard, "alice", "203.0.113.5");
    assertThat(verdict.allowed()).isFalse();
    assertThat(verdict.rule()).isEqualTo("user-ip");
    assertThat(verdict.retryAfterSeconds()).isBetween(60L, 70L);
    assertThat(probe(guard, "bob", "203.0.113.5").allowed()).isTrue();
    assertThat(probe(guard, "alice", "203.0.113.6").allowed()).isTrue();
    assertThat(guard.activeLockouts()).isEqualTo(1);
  }

  @Test
  void lockoutExpiresAfterItsBackoffAndRepeatsDoubleUpToTheCap() {
    // only the user-ip scope here: with the defaults the address's 20th failure in 10 min would lock it for 10 min
    LoginPolicy d = LoginPolicy.defaults();
    LockoutSettings lenient = new LockoutSettings(1000, Duration.ofMinutes(1), Duration.ofMinutes(1), 2, Duration.ofMinutes(1), Duration.ZERO);
    LoginPolicy policy = new LoginPolicy(null, d.userIp(), lenient, lenient, lenient, d.stuffing(), d.knownSourcePeriod(), d.backoffReset(), 100);
    LoginGuard guard = new LoginGuard(policy, ticker, NO_JITTER, new UsernameHasher(new byte[] {1}));
    List<Long> lockouts = new ArrayList<>();
    for (int round = 0; round < 9; round++) {
      assertThat(attempts(guard, "alice", "203.0.113.5", 5)).isEqualTo(5);
      long seconds = probe(guard, "alice", "203.0.113.5").retryAfterSeconds();
      lockouts.add(seconds);
      ticker.advance(Duration.ofSeconds(seconds).minusNanos(1));
      assertThat(probe(guard, "alice", "203.0.113.5").allowed()).isFalse();
      ticker.advanceNanos(1);
      assertThat(probe(guard, "alice", "203.0.113.5").allowed()).isTrue();
    }
    assertThat(lockouts).containsExactly(60L, 120L, 240L, 480L, 960L, 1920L, 3600L, 3600L, 3600L);
    assertThat(guard.activeLockouts()).isZero();
  }

  @Test
  void repeatCountDecaysAfterTheBackoffReset() {
    LoginGuard guard = guard(NO_JITTER);
    attempts(guard, "alice", "203.0.113.5", 5);
    ticker.advance(Duration.ofMinutes(1));
    attempts(guard, "alice", "203.0.113.5", 5);
    assertThat(probe(guard, "alice", "203.0.113.5").retryAfterSeconds()).isEqualTo(120);
    ticker.advance(Duration.ofMinutes(2).plus(LoginPolicy.DEFAULT_BACKOFF_RESET));
    attempts(guard, "alice", "203.0.113.5", 5);
    assertThat(probe(guard, "alice", "203.0.113.5").retryAfterSeconds()).isEqualTo(60);
  }

  @Test
  void jitterIsBoundedAndVaries() {
    LoginGuard guard = guard(new SplittableRandom(42)::nextLong);
    Set<Long> seen = new HashSet<>();
    for (int i = 0; i < 40; i++) {
      String user = "victim" + i;
      String ip = (100 + i) + ".51.0.1";
      assertThat(attempts(guard, user, ip, 5)).isEqualTo(5);
      long seconds = probe(guard, user, ip).retryAfterSeconds();
      assertThat(seconds).isBetween(60L, 70L);
      seen.add(seconds);
    }
    assertThat(seen.size()).isGreaterThan(5);
  }

  @Test
  void successResetsTheUsernameAddressCounter() {
    LoginGuard guard = guard(NO_JITTER);
    assertThat(attempts(guard, "alice", "203.0.113.5", 4)).isEqualTo(4);
    assertThat(attempt(guard, "alice", "203.0.113.5", LoginOutcome.SUCCESS)).isTrue();
    assertThat(attempts(guard, "alice", "203.0.113.5", 4)).isEqualTo(4);
    assertThat(probe(guard, "alice", "203.0.113.5").allowed()).isTrue();
    assertThat(attempts(guard, "alice", "203.0.113.5", 1)).isEqualTo(1);
    assertThat(probe(guard, "alice", "203.0.113.5").rule()).isEqualTo("user-ip");
  }

  @Test
  void usernamesAreNormalisedBeforeCounting() {
    LoginGuard guard = guard(NO_JITTER);
    attempts(guard, " Alice", "203.0.113.5", 2);
    attempts(guard, "ALICE ", "203.0.113.5", 2);
    attempts(guard, "alice", "203.0.113.5", 1);
    assertThat(probe(guard, "aLiCe", "203.0.113.5").rule()).isEqualTo("user-ip");
  }

  @Test
  void stuffingTwoHundredAccountsFromOneAddressIsStoppedAfterTenAttempts() {
    LoginGuard guard = guard(new SplittableRandom(1)::nextLong);
    int reached = 0;
    for (int i = 0; i < 200; i++) {
      reached += attempt(guard, "victim" + i + "@example.com", "203.0.113.9", i % 2 == 0 ? LoginOutcome.UNKNOWN_USER : LoginOutcome.FAILURE) ? 1 : 0;
    }
    assertThat(reached).isEqualTo(10);
    LoginVerdict verdict = probe(guard, "victim200@example.com", "203.0.113.9");
    assertThat(verdict.rule()).isEqualTo("stuffing-ip");
    assertThat(verdict.retryAfterSeconds()).isBetween(600L, 660L);
  }

  @Test
  void stuffingKeepsBeingStoppedOverAnHour() {
    LoginGuard guard = guard(new SplittableRandom(3)::nextLong);
    int reached = 0;
    for (int second = 0, i = 0; second < 3600; second++, i++) { // one attempt a second, a new account each time
      reached += attempt(guard, "victim" + i, "203.0.113.9", LoginOutcome.FAILURE) ? 1 : 0;
      ticker.advance(Duration.ofSeconds(1));
    }
    // 10 per lockout; lockouts of 10, 20 and 40 minutes (plus jitter) fill the hour
    assertThat(reached).isEqualTo(30);
  }

  /** Records one attempt and returns the lockouts it started (null if none); the attempt must be allowed. */
  private static LockoutStart recorded(LoginGuard guard, String user, String ip, LoginOutcome outcome) {
    LoginVerdict verdict = guard.check(user, ip);
    assertThat(verdict.allowed()).as("%s from %s allowed", user, ip).isTrue();
    return guard.record(verdict.attempt(), outcome);
  }

  @Test
  void aHighFailureRatioLocksTheAddressBeforeAnyCountDoes() {
    LoginGuard guard = guard(NO_JITTER);
    LockoutStart started = null;
    // 9 accounts x 2 wrong passwords and 2 good logins: no count reaches its threshold (user-ip 5,
    // ip 20, 10 distinct names), but 18 of 20 failed
    for (int i = 0; i < 2; i++) {
      started = recorded(guard, "member" + i, "198.51.100.44", LoginOutcome.SUCCESS);
      assertThat(started).isNull();
    }
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < 9; i++) {
        started = recorded(guard, "target" + i, "198.51.100.44", LoginOutcome.FAILURE);
      }
    }
    assertThat(started).isNotNull();
    assertThat(started.scope).isEqualTo(LoginScope.STUFFING_IP);
    assertThat(started.signal).isEqualTo("failure-ratio");
    assertThat(started.signalValue).isEqualTo(0.9);
    assertThat(probe(guard, "anyone", "198.51.100.44").rule()).isEqualTo("stuffing-ip");
    assertThat(probe(guard, "anyone", "198.51.100.45").allowed()).as("the neighbour").isTrue();
  }

  @Test
  void manyUnknownAccountsLockTheAddressOnTheUnknownUserRatio() {
    LoginGuard guard = guard(NO_JITTER);
    LockoutStart started = null;
    for (int i = 0; i < 10; i++) {
      assertThat(recorded(guard, "member" + (i % 3), "198.51.100.46", LoginOutcome.SUCCESS)).isNull();
    }
    for (int i = 0; i < 10 && started == null; i++) {
      started = recorded(guard, "ghost" + (i % 5), "198.51.100.46", LoginOutcome.UNKNOWN_USER);
    }
    assertThat(started).isNotNull();
    assertThat(started.signal).isEqualTo("unknown-user-ratio");
    assertThat(started.signalValue).isEqualTo(0.5);
    assertThat(probe(guard, "member0", "198.51.100.46").rule()).isEqualTo("stuffing-ip");
  }

  @Test
  void aFewMistakesAmongManyLoginsNeverTripARatio() {
    LoginGuard guard = guard(NO_JITTER);
    for (int i = 0; i < 200; i++) {
      assertThat(recorded(guard, "user" + (i % 40), "10.0.0.1", i % 23 == 0 ? LoginOutcome.FAILURE : LoginOutcome.SUCCESS)).isNull();
    }
    assertThat(probe(guard, "user1", "10.0.0.1").allowed()).isTrue();
  }

  @Test
  void stuffingFromRotatingAddressesInOneNetworkLocksTheNetwork() {
    LoginGuard guard = guard(NO_JITTER);
    int reached = 0;
    for (int i = 0; i < 500; i++) {
      reached += attempt(guard, "victim" + i, "203.0.113." + (i % 250), LoginOutcome.FAILURE) ? 1 : 0;
    }
    assertThat(reached).as("all from one /24: the subnet's threshold, not the wide network's (which needs 8 subnets)").isEqualTo(50);
    assertThat(probe(guard, "victim0", "203.0.113.77").rule()).isEqualTo("stuffing-subnet");
  }

  @Test
  void aFewAddressesMakingUpUsernamesCannotLockTheirWholeNetworkOut() {
    LoginGuard guard = guard(NO_JITTER);
    for (int address = 0; address < 4; address++) {
      for (int i = 0; i < 9; i++) {
        attempt(guard, "junk" + address + "-" + i, "100.80." + address + ".7", LoginOutcome.FAILURE);
      }
    }
    for (int customer = 0; customer < 50; customer++) {
      assertThat(probe(guard, "customer" + customer, "100.80." + (100 + customer) + ".1").allowed()).as("customer %d", customer).isTrue();
    }
  }

  @Test
  void loggingIntoAnOwnAccountBetweenGuessesDoesNotKeepAStuffedNetworkOpen() {
    LoginGuard guard = guard(NO_JITTER);
    int reached = 0;
    for (int i = 0; i < 320; i++) {
      String address = "198.18." + (i / 8) + ".9";
      reached += attempt(guard, "victim" + i, address, LoginOutcome.FAILURE) ? 1 : 0;
      if (i % 3 == 2) {
        attempt(guard, "attackers-own", address, LoginOutcome.SUCCESS);
      }
    }
    assertThat(reached).as("of 320 accounts from 40 /24s of one /16: locked once its failures span 8 subnets").isLessThan(80);
  }

  @Test
  void stuffingFromRotatingAddressesInOneNetworkWithSomeSuccessesLocksTheSubnet() {
    LoginGuard guard = guard(NO_JITTER);
    int reached = 0;
    for (int i = 0; i < 500; i++) {
      // one in five succeeds (a list with live accounts): under the wide network's failure ratio
      reached += attempt(guard, "victim" + i, "203.0.113." + (i % 250), i % 5 == 0 ? LoginOutcome.SUCCESS : LoginOutcome.FAILURE) ? 1 : 0;
    }
    assertThat(reached).isBetween(60, 64);
    assertThat(probe(guard, "victim1", "203.0.113.77").rule()).isEqualTo("stuffing-subnet");
  }

  @Test
  void stuffingSpreadOverASlashSixteenLocksTheSlashSixteen() {
    LoginGuard guard = guard(NO_JITTER);
    int reached = 0;
    for (int i = 0; i < 200; i++) {
      // one attempt per /24: no address or subnet sees more than one
      reached += attempt(guard, "victim" + i, "198.18." + i + "." + (1 + i % 200), LoginOutcome.FAILURE) ? 1 : 0;
    }
    assertThat(reached).isEqualTo(30);
    assertThat(probe(guard, "someone", "198.18.250.9").rule()).isEqualTo("stuffing-network");
    assertThat(probe(guard, "someone", "198.19.0.9").allowed()).as("the next /16").isTrue();
  }

  @Test
  void stuffingOverManyIpv6SlashSixtyFoursOfOneSlashFortyEightLocksTheSlashFortyEight() {
    LoginGuard guard = guard(NO_JITTER);
    int reached = 0;
    for (int i = 0; i < 300; i++) {
      reached += attempt(guard, "victim" + i, "2001:db8:77:" + Integer.toHexString(i) + "::" + Integer.toHexString(i + 1), LoginOutcome.FAILURE) ? 1 : 0;
    }
    assertThat(reached).isEqualTo(30);
    assertThat(probe(guard, "someone", "2001:db8:77:ffff::1").rule()).isEqualTo("stuffing-network");
    assertThat(probe(guard, "someone", "2001:db8:78::1").allowed()).as("the next /48").isTrue();
  }

  @Test
  void aBusyWideNetworkWhoseUsersMostlyLogInIsNeverLocked() {
    LoginGuard guard = guard(NO_JITTER);
    for (int i = 0; i < 2_000; i++) {
      // 2,000 people of one carrier's /16, one in five mistyping once before getting in
      String user = "person" + i;
      String address = "100.64." + (i % 250) + "." + (1 + i / 250);
      if (i % 5 == 0) {
        assertThat(attempt(guard, user, address, LoginOutcome.FAILURE)).isTrue();
      }
      assertThat(attempt(guard, user, address, LoginOutcome.SUCCESS)).as("person %d", i).isTrue();
      ticker.advance(Duration.ofMillis(300));
    }
  }

  @Test
  void aLockedWideNetworkStillLetsInWhoLoggedInFromTheirAddressBefore() {
    LoginGuard guard = guard(NO_JITTER);
    assertThat(attempt(guard, "alice", "198.18.7.7", LoginOutcome.SUCCESS)).isTrue();
    for (int i = 0; i < 60; i++) {
      attempt(guard, "victim" + i, "198.18." + (100 + i) + ".1", LoginOutcome.FAILURE);
    }
    assertThat(probe(guard, "bob", "198.18.7.8").rule()).isEqualTo("stuffing-network");
    assertThat(probe(guard, "alice", "198.18.7.7").allowed()).isTrue();
  }

  @Test
  void sameAccountFromFiftyAddressesLocksUnknownSourcesButNotTheRealUser() {
    LoginGuard guard = guard(new SplittableRandom(5)::nextLong);
    assertThat(attempt(guard, "alice", "192.0.2.10", LoginOutcome.SUCCESS)).isTrue();
    ticker.advance(Duration.ofDays(2));
    int reached = 0;
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 50; i++) {
        reached += attempt(guard, "alice", "198.51." + i + ".7", LoginOutcome.FAILURE) ? 1 : 0;
      }
    }
    assertThat(reached).isEqualTo(30);
    assertThat(probe(guard, "alice", "198.51.3.7").rule()).isEqualTo("user");
    assertThat(probe(guard, "alice", "203.0.113.99").rule()).isEqualTo("user");
    assertThat(probe(guard, "Alice", "192.0.2.10").allowed()).isTrue();
    assertThat(probe(guard, "bob", "203.0.113.99").allowed()).isTrue();
  }

  @Test
  void aKnownSourceIsForgottenAfterTheKnownSourcePeriod() {
    LoginGuard guard = guard(NO_JITTER);
    attempt(guard, "alice", "192.0.2.10", LoginOutcome.SUCCESS);
    ticker.advance(LoginPolicy.DEFAULT_KNOWN_SOURCE_PERIOD.plusSeconds(1));
    for (int i = 0; i < 30; i++) {
      attempt(guard, "alice", "198.51." + i + ".7", LoginOutcome.FAILURE);
    }
    assertThat(probe(guard, "alice", "192.0.2.10").rule()).isEqualTo("user");
  }

  @Test
  void withoutAClientAddressOnlyThePerUserScopeApplies() {
    LoginGuard guard = guard(NO_JITTER);
    attempt(guard, "alice", "192.0.2.10", LoginOutcome.SUCCESS);
    assertThat(attempts(guard, "alice", null, 100)).isEqualTo(30);
    LoginVerdict verdict = probe(guard, "alice", null);
    assertThat(verdict.rule()).isEqualTo("user");
    assertThat(verdict.retryAfterSeconds()).isEqualTo(60);
    assertThat(probe(guard, "alice", "192.0.2.10").allowed()).isTrue();
    assertThat(probe(guard, "bob", null).allowed()).isTrue();
  }

  @Test
  void anAttemptWithoutAReadableUsernameIsJudgedBySourceOnly() {
    LoginGuard guard = guard(NO_JITTER);
    // 50 sources (in different networks) fail 3 times each without a username: no shared "nameless" account gets locked
    for (int i = 0; i < 50; i++) {
      assertThat(attempts(guard, null, "198.51." + i + ".1", 3)).isEqualTo(3);
    }
    assertThat(probe(guard, null, "198.51.200.1").allowed()).isTrue();
    // one source alone is still stopped at the per-source threshold
    assertThat(attempts(guard, null, "203.0.113.9", 100)).isEqualTo(5);
  }

  @Test
  void memoryStaysBoundedUnderAnAddressRotationFlood() {
    int cap = 1_000;
    int lockedCap = cap / 10;
    LoginPolicy policy = LoginPolicy.defaults().withMaxTrackedKeys(cap).withMaxLockedKeys(lockedCap);
    LoginGuard guard = new LoginGuard(policy, ticker, NO_JITTER, new UsernameHasher(new byte[] {9}));
    for (int i = 0; i < 10 * cap; i++) {
      String ip = "2001:db8:" + Integer.toHexString(i >>> 16) + ":" + Integer.toHexString(i & 0xffff) + "::1";
      String v4 = "10." + ((i >>> 16) & 255) + "." + ((i >>> 8) & 255) + "." + (i & 255);
      probe(guard, "user" + i, ip);
      guard.record("user" + i, ip, i % 3 == 0 ? LoginOutcome.SUCCESS : LoginOutcome.FAILURE);
      guard.record("user" + i, v4, LoginOutcome.UNKNOWN_USER);
    }
    guard.cleanUp();
    assertThat(guard.estimatedSizes()).hasSize(11);
    assertThat(guard.estimatedSizes().values()).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(cap + lockedCap));
  }

  @Test
  void noRawUsernameIsKeptOrReturned() {
    LoginGuard guard = guard(new SplittableRandom(2)::nextLong);
    String secretName = "Carol.Secret@Example.com";
    attempt(guard, secretName, "192.0.2.10", LoginOutcome.SUCCESS);
    attempts(guard, secretName, "203.0.113.5", 50);
    attempts(guard, secretName, null, 50);
    guard.cleanUp();
    int keys = 0;
    for (Iterable<?> table : guard.trackedKeys()) {
      for (Object key : table) {
        keys++;
        assertThat(String.valueOf(key).toLowerCase()).doesNotContain("carol");
        assertThat(key).isInstanceOfAny(String.class, Long.class, SourceUserKey.class);
      }
    }
    assertThat(keys).isGreaterThan(5);
    assertThat(probe(guard, secretName, "203.0.113.5").toString().toLowerCase()).doesNotContain("carol");
    assertThat(probe(guard, secretName, null).toString().toLowerCase()).doesNotContain("carol");
  }

  @Test
  void anUnknownUserFailsLikeAKnownOne() {
    LoginGuard guard = guard(NO_JITTER);
    attempts(guard, "alice", "203.0.113.5", 5);
    for (int i = 0; i < 5; i++) {
      attempt(guard, "nobody", "203.0.113.6", LoginOutcome.UNKNOWN_USER);
    }
    assertThat(probe(guard, "nobody", "203.0.113.6").toString()).isEqualTo(probe(guard, "alice", "203.0.113.5").toString());
  }
}
