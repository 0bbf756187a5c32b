package dev.vigil.agent.login;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.FakeTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Attempts in flight hold their places: racing attempts cannot overshoot a threshold, and a lost outcome cannot hold a place for ever. */
class LoginGuardInFlightTest {
  private static final String IP = "203.0.113.5";
  private final FakeTicker ticker = new FakeTicker();
  private final LoginGuard guard = new LoginGuard(LoginPolicy.defaults(), ticker, () -> 0L, new UsernameHasher(new byte[] {4, 2}));

  /** Checks without an outcome yet; returns the attempts let through. */
  private List<LoginAttempt> inFlight(int times, IntFunction<String> user, String ip) {
    List<LoginAttempt> attempts = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      LoginVerdict verdict = guard.check(user.apply(i), ip);
      if (verdict.allowed()) {
        attempts.add(verdict.attempt());
      }
    }
    return attempts;
  }

  @Test
  void attemptsInFlightFillTheThresholdUntilTheirOutcomesAreIn() {
    List<LoginAttempt> first = inFlight(20, i -> "alice", IP);
    assertThat(first).hasSize(5);
    LoginVerdict busy = guard.check("alice", IP);
    assertThat(busy.rule()).isEqualTo("user-ip");
    assertThat(busy.retryAfterSeconds()).as("decided within moments").isEqualTo(1);

    guard.abandon(first.get(0));
    assertThat(inFlight(3, i -> "alice", IP)).as("an abandoned attempt gives its place back").hasSize(1);

    guard.record(first.get(1), LoginOutcome.SUCCESS);
    List<LoginAttempt> afterSuccess = inFlight(3, i -> "alice", IP);
    assertThat(afterSuccess).as("a success gives its place back and counts no failure").hasSize(1);

    for (LoginAttempt attempt : first.subList(2, 5)) {
      guard.record(attempt, LoginOutcome.FAILURE);
    }
    assertThat(inFlight(3, i -> "alice", IP)).as("3 failures + 2 in flight").isEmpty();
    guard.record(afterSuccess.get(0), LoginOutcome.FAILURE);
    assertThat(guard.check("alice", IP).rule()).isEqualTo("user-ip");
  }

  @Test
  void attemptsWhoseBodiesTrickleInCannotOutwaitTheirPlaces() {
    // found by the attacker's review: a login route takes its places before the body arrives, so
    // batches kept open with slow bodies must not see the places lapse and let the next batch in
    List<LoginAttempt> open = new ArrayList<>();
    for (int batch = 0; batch < 5; batch++) {
      for (int i = 0; i < 30; i++) {
        LoginVerdict verdict = guard.checkSource(IP);
        if (verdict.allowed()) {
          open.add(verdict.attempt());
        }
      }
      ticker.advance(Duration.ofSeconds(31));
    }
    assertThat(open).as("attempts in flight at once from one address, over 2.5 minutes (address threshold 20)").hasSize(20);
    open.forEach(attempt -> guard.record(attempt, "alice", LoginOutcome.FAILURE));
    assertThat(guard.checkSource(IP).allowed()).as("locked once they are decided").isFalse();
  }

  @Test
  void settlingTwiceCountsOnce() {
    LoginAttempt attempt = guard.check("alice", IP).attempt();
    guard.record(attempt, LoginOutcome.FAILURE);
    guard.record(attempt, LoginOutcome.FAILURE);
    guard.abandon(attempt);
    assertThat(inFlight(10, i -> "alice", IP)).as("1 failure counted, its place given back once").hasSize(4);
  }

  @Test
  void aPlaceWhoseOutcomeNeverArrivesLapsesWithinTwoEpochs() {
    List<LoginAttempt> lost = inFlight(5, i -> "alice", IP);
    ticker.advanceNanos(InFlightAttempts.EPOCH_NANOS);
    assertThat(guard.check("alice", IP).allowed()).as("still held one epoch later").isFalse();
    ticker.advanceNanos(InFlightAttempts.EPOCH_NANOS);
    List<LoginAttempt> fresh = inFlight(10, i -> "alice", IP);
    assertThat(fresh).as("lapsed after two").hasSize(5);
    lost.forEach(guard::abandon);
    assertThat(guard.check("alice", IP).allowed()).as("a lapsed attempt, settled late, frees no one else's place").isFalse();
  }

  @Test
  void aRefusedAttemptGivesBackThePlacesItTookInOtherScopes() {
    assertThat(inFlight(5, i -> "alice", IP)).hasSize(5);
    assertThat(inFlight(50, i -> "alice", IP)).isEmpty(); // refused by user-ip after taking nothing, or after ip and stuffing
    assertThat(inFlight(50, i -> "user" + i, IP)).as("10 distinct names in flight fill the stuffing threshold").hasSize(5);
    assertThat(guard.check("bob", IP).rule()).isEqualTo("stuffing-ip");
  }

  @Test
  void aKnownSourceIsNotHeldByAttemptsOnItsAccountElsewhere() {
    LoginAttempt home = guard.check("alice", "192.0.2.10").attempt();
    guard.record(home, LoginOutcome.SUCCESS);
    assertThat(inFlight(100, i -> "alice", "198.51." + 0 + "." + 0)).hasSize(5);
    for (int net = 1; net <= 10; net++) {
      int n = net;
      inFlight(5, i -> "alice", "198.51." + n + ".7");
    }
    assertThat(guard.check("alice", "203.0.113.99").rule()).as("30 in flight on the account hold new sources").isEqualTo("user");
    assertThat(guard.check("alice", "192.0.2.10").allowed()).as("the owner's known source still gets in").isTrue();
  }

  @Test
  @Timeout(30)
  void concurrentWrongPasswordsOnOneAccountReachThePasswordCheckExactlyThresholdTimes() throws Exception {
    assertThat(race(20, i -> "alice", i -> IP)).isEqualTo(5);
    assertThat(guard.check("alice", IP).retryAfterSeconds()).isEqualTo(60);
  }

  @Test
  @Timeout(30)
  void concurrentStuffingFromOneAddressReachesThePasswordCheckExactlyTenTimes() throws Exception {
    assertThat(race(64, i -> "victim" + i, i -> IP)).isEqualTo(10);
    assertThat(guard.check("someone", IP).rule()).isEqualTo("stuffing-ip");
  }

  @Test
  @Timeout(30)
  void concurrentStuffingFromRotatingAddressesReachesThePasswordCheckExactlyFiftyTimes() throws Exception {
    assertThat(race(200, i -> "victim" + i, i -> "198.51.100." + (i % 250))).isEqualTo(50);
    assertThat(guard.check("someone", "198.51.100.251").rule()).isEqualTo("stuffing-subnet");
  }

  /**
   * {@code n} threads check at once; those let through wait until every check is done (so all are in
   * flight together, like slow password hashes) and then fail. Returns how many were let through.
   */
  private int race(int n, IntFunction<String> user, IntFunction<String> ip) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CyclicBarrier start = new CyclicBarrier(n);
    CountDownLatch checked = new CountDownLatch(n);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int id = i;
        results.add(pool.submit(() -> {
          start.await(10, TimeUnit.SECONDS);
          LoginVerdict verdict = guard.check(user.apply(id), ip.apply(id));
          checked.countDown();
          if (!verdict.allowed()) {
            return false;
          }
          checked.await(10, TimeUnit.SECONDS);
          guard.record(verdict.attempt(), LoginOutcome.FAILURE);
          return true;
        }));
      }
      int reached = 0;
      for (Future<Boolean> result : results) {
        reached += result.get(20, TimeUnit.SECONDS) ? 1 : 0;
      }
      return reached;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void withoutAClientAddressThePerUserScopeCountsAttemptsInFlight() {
    assertThat(inFlight(40, i -> "alice", null)).hasSize(30);
    ticker.advanceNanos(2 * InFlightAttempts.EPOCH_NANOS + 1);
    assertThat(inFlight(40, i -> "alice", null)).as("lapsed").hasSize(30);
  }

  @Test
  void successfulLoginsLeaveNoLockoutEntriesBehind() {
    for (int i = 0; i < 500; i++) {
      LoginVerdict verdict = guard.check("user" + i, "198.51." + (i % 200) + "." + (i % 250));
      guard.record(verdict.attempt(), LoginOutcome.SUCCESS);
    }
    guard.abandon(guard.check("someone", IP).attempt());
    guard.cleanUp();
    assertThat(guard.estimatedSizes()).as("only failures, lockouts and places in flight take room in the bounded tables")
        .containsEntry("user-ip", 0L).containsEntry("ip", 0L).containsEntry("subnet", 0L).containsEntry("user", 0L);
  }
}
