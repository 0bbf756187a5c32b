package dev.vigil.agent.login;

/**
 * One key's failures and lockouts, scalars only. Failures are counted in a fixed window that opens
 * at the first failure; reaching the threshold locks the key and starts counting afresh. Each lockout
 * within {@code backoffReset} of the previous one's end is a repeat and lasts longer. Attempts in
 * flight count toward the threshold as if they were failures until their outcome is in.
 */
final class Lockout extends InFlightAttempts {
  /** Retry-After for an attempt refused because earlier ones, still in flight, fill the threshold: they are decided within moments. */
  static final long IN_FLIGHT_RETRY_NANOS = 1_000_000_000L;

  private long windowStart;
  private int failures;
  private boolean everLocked;
  private long lockedUntil;
  private int repeats;

  /** Nanoseconds the key stays locked, 0 when it is not. */
  synchronized long remainingNanos(long now) {
    long remaining = lockedUntil - now;
    return everLocked && remaining > 0 ? remaining : 0;
  }

  /**
   * Takes a place for an attempt unless the key is locked, or its failures in the window plus the
   * attempts in flight reach the threshold: 0 when taken, else nanoseconds to wait.
   */
  synchronized long tryReserve(long now, LockoutSettings settings) {
    long locked = remainingNanos(now);
    if (locked > 0) {
      return locked;
    }
    boolean windowOpen = failures > 0 && now - windowStart < settings.window().toNanos();
    if ((windowOpen ? failures : 0) + inFlight(now) >= settings.threshold()) {
      return IN_FLIGHT_RETRY_NANOS;
    }
    reserve(now);
    return 0;
  }

  /** Counts a failure; returns true when it locked the key. Failures while locked are not counted. */
  synchronized boolean recordFailure(long now, LockoutSettings settings, long backoffResetNanos, long jitterNanos) {
    if (remainingNanos(now) > 0) {
      return false;
    }
    if (failures == 0 || now - windowStart >= settings.window().toNanos()) {
      windowStart = now;
      failures = 0;
    }
    failures++;
    if (failures < settings.threshold()) {
      return false;
    }
    lock(now, settings, backoffResetNanos, jitterNanos);
    return true;
  }

  /** Locks now (unless already locked): base duration grown by the repeat count, capped, plus jitter. */
  synchronized void lock(long now, LockoutSettings settings, long backoffResetNanos, long jitterNanos) {
    if (remainingNanos(now) > 0) {
      return;
    }
    boolean repeat = everLocked && now - lockedUntil < backoffResetNanos;
    repeats = repeat ? Math.min(repeats + 1, 62) : 0;
    everLocked = true;
    failures = 0;
    lockedUntil = now + settings.durationNanos(repeats) + jitterNanos;
  }

  /** Whether the key has ever locked: from then on its entry lives in the table's locked segment. */
  synchronized boolean hasLocked() {
    return everLocked;
  }

  /** Nothing worth keeping: no failure counted, never locked, no attempt in flight. */
  synchronized boolean isIdle() {
    return failures == 0 && !everLocked && !anyInFlight();
  }

  /** Forgets the failures in the current window; lockout history stays. */
  synchronized void resetFailures() {
    failures = 0;
  }

  synchronized int failures() {
    return failures;
  }
}
