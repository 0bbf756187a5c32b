package dev.vigil.agent.login;

import java.util.concurrent.TimeUnit;

/**
 * Login attempts in flight for one key: let through by {@link LoginGuard#check}, outcome not recorded
 * yet. They count toward the key's threshold, so that attempts racing each other (concurrent, or sent
 * back to back before the previous outcome is in) cannot slip past it together.
 *
 * <p>Counted per epoch of {@link #EPOCH_NANOS}, in the current and the previous epoch only: an attempt
 * whose outcome never arrives (a thread that died, an exit that never ran) lapses after one to two
 * epochs instead of holding its place for ever. A password check slower than that loses its place
 * early, which can let one more attempt through; nothing worse. Three scalars, guarded by the
 * subclass's own monitor (these methods synchronize on the same object).
 */
abstract class InFlightAttempts {
  /**
   * How long, at least, an attempt holds its place when its outcome never arrives (at most twice that).
   * Long, because a login route takes its places before the request's body arrives: an attacker who
   * trickles the bodies of a batch of attempts would otherwise see the places lapse and send the next
   * batch, all of them reaching the password check before the first failure is counted. Every place a
   * request takes is given back when it ends, so this only bounds a place that is truly lost.
   */
  static final long EPOCH_NANOS = TimeUnit.MINUTES.toNanos(5);

  private long epoch;
  private int current;
  private int previous;

  static long epochOf(long now) {
    return Math.floorDiv(now, EPOCH_NANOS);
  }

  /** Attempts in flight at {@code now}. */
  final synchronized int inFlight(long now) {
    roll(epochOf(now));
    return current + previous;
  }

  /** Whether any place is held, lapsed or not (lapsing happens as time moves on in the other methods). */
  final synchronized boolean anyInFlight() {
    return (current | previous) != 0;
  }

  final synchronized void reserve(long now) {
    roll(epochOf(now));
    current++;
  }

  /** Gives back the place taken at {@code reservedAt}; a no-op once that reservation has lapsed. */
  final synchronized void release(long reservedAt, long now) {
    roll(epochOf(now));
    long reservedEpoch = epochOf(reservedAt);
    if (reservedEpoch == epoch && current > 0) {
      current--;
    } else if (reservedEpoch == epoch - 1 && previous > 0) {
      previous--;
    }
  }

  /** Moves to epoch {@code now}; never back (a thread that read the ticker just before another counts in the newer epoch). */
  private void roll(long now) {
    if (now <= epoch && (current | previous) != 0) {
      return;
    }
    previous = now == epoch + 1 ? current : 0;
    current = 0;
    epoch = now;
  }
}
