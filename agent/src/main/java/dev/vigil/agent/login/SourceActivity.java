package dev.vigil.agent.login;

import java.util.Arrays;

/**
 * What one client address (or network) did within the current stuffing window: attempts, failures,
 * unknown-user failures, and the distinct usernames that failed.
 *
 * <p>Distinct usernames are kept as 32-bit slices of their keyed hashes in a small array that grows
 * up to the policy's threshold and then saturates: an exact count is only needed up to the point where
 * the threshold acts, so memory per source is at most threshold x 4 bytes (40 bytes with the default
 * per-address threshold), and the scan over at most a few dozen ints is cheaper than hashing into a
 * set. A 32-bit collision among 50 names (~3e-7) would merely undercount by one. A linear-counting
 * bitmap would also be bounded but is approximate exactly where the threshold needs precision.
 *
 * <p>Attempts in flight count toward the distinct-username threshold as if each tried a new name.
 */
final class SourceActivity extends InFlightAttempts {
  static final String FAILURE_RATIO = "failure-ratio";
  static final String UNKNOWN_USER_RATIO = "unknown-user-ratio";
  private final int distinctCap;
  private long windowStart;
  private boolean started;
  private int attempts;
  private int failures;
  private int unknownUsers;
  private int[] usernames = new int[0];
  private int distinct;
  /** For a wide network: 64-bit bitmaps of the /24s (or /64s) its failures came from, and of the usernames that succeeded. */
  private long failingSubnets;
  private long succeededUsernames;

  SourceActivity(int distinctCap) {
    this.distinctCap = distinctCap;
  }

  /** Takes a place for an attempt unless the distinct failed usernames plus the attempts in flight reach the threshold. */
  synchronized boolean tryReserve(long now, long windowNanos) {
    int failedNames = started && now - windowStart < windowNanos ? distinct : 0;
    if (failedNames + inFlight(now) >= distinctCap) {
      return false;
    }
    reserve(now);
    return true;
  }

  /** Records one attempt; returns the distinct failed usernames in the window (saturating at the cap). */
  synchronized int record(long now, long windowNanos, long userHash, LoginOutcome outcome) {
    if (!started || now - windowStart >= windowNanos) {
      started = true;
      windowStart = now;
      attempts = 0;
      failures = 0;
      unknownUsers = 0;
      distinct = 0;
      failingSubnets = 0;
      succeededUsernames = 0;
    }
    attempts = saturatingIncrement(attempts);
    if (outcome == LoginOutcome.SUCCESS) {
      return distinct;
    }
    failures = saturatingIncrement(failures);
    if (outcome == LoginOutcome.UNKNOWN_USER) {
      unknownUsers = saturatingIncrement(unknownUsers);
    }
    addDistinct((int) userHash);
    return distinct;
  }

  private void addDistinct(int user) {
    for (int i = 0; i < distinct; i++) {
      if (usernames[i] == user) {
        return;
      }
    }
    if (distinct == distinctCap) {
      return;
    }
    if (distinct == usernames.length) {
      usernames = Arrays.copyOf(usernames, Math.min(distinctCap, Math.max(4, distinct * 2)));
    }
    usernames[distinct++] = user;
  }

  /**
   * The ratio signal this source's window shows now ({@link #FAILURE_RATIO} or {@link
   * #UNKNOWN_USER_RATIO}), or null: only once it has made {@code minAttempts} attempts.
   */
  synchronized String ratioSignal(StuffingSettings settings) {
    if (attempts < settings.ratioMinAttempts()) {
      return null;
    }
    if ((double) unknownUsers / attempts >= settings.unknownUserRatio()) {
      return UNKNOWN_USER_RATIO;
    }
    return (double) failures / attempts >= settings.failureRatio() ? FAILURE_RATIO : null;
  }

  synchronized double failureRatio() {
    return attempts == 0 ? 0 : (double) failures / attempts;
  }

  /** Notes where a failure came from, or whose login succeeded, for a wide network's spread (after {@link #record}). */
  synchronized void spread(long subnetHash, long userHash, boolean success) {
    if (success) {
      succeededUsernames |= 1L << (userHash & 63);
    } else {
      failingSubnets |= 1L << (subnetHash & 63);
    }
  }

  /**
   * Whether this network is stuffing, not just busy: its failures came from at least {@code
   * minSubnets} subnets (a few addresses cannot lock a whole network out), and its distinct failed
   * usernames are at least {@code ratio} of the distinct usernames tried (an attacker's own account,
   * logged into again and again, counts once).
   */
  synchronized boolean spreadLikeStuffing(int minSubnets, double ratio) {
    double succeeded = estimate(succeededUsernames);
    return estimate(failingSubnets) >= minSubnets && distinct / (distinct + succeeded) >= ratio;
  }

  private static double estimate(long bits) {
    int zeros = 64 - Long.bitCount(bits);
    return zeros == 0 ? 64 * Math.log(64) : -64 * Math.log(zeros / 64.0);
  }

  /** The ratio {@code signal} names, for the anomaly event. */
  synchronized double ratio(String signal) {
    return attempts == 0 ? 0 : (double) (UNKNOWN_USER_RATIO.equals(signal) ? unknownUsers : failures) / attempts;
  }

  /** Starts the ratios afresh (after a ratio lockout, so the next one must be earned anew). */
  synchronized void forgetRatios() {
    attempts = 0;
    failures = 0;
    unknownUsers = 0;
  }

  /** Starts a new set of distinct usernames (after a stuffing lockout, so the next one must be earned afresh). */
  synchronized void forgetUsernames() {
    distinct = 0;
  }

  private static int saturatingIncrement(int value) {
    return value == Integer.MAX_VALUE ? value : value + 1;
  }
}
