package dev.vigil.agent.login;

/**
 * One key's failures and lockouts, scalars only. Failures are counted in a fixed window that opens
 * at the first failure; reaching the threshold locks the key and starts counting afresh. Each lockout
 * within {@code backoffReset} of the previous one's end is a repeat and lasts longer.
 */
final class Lockout {
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

  /** Forgets the failures in the current window; lockout history stays. */
  synchronized void resetFailures() {
    failures = 0;
  }

  synchronized int failures() {
    return failures;
  }
}
