package dev.vigil.agent.detect.ato;

import dev.vigil.agent.detect.sketch.LinearCounter;

/**
 * Logins within a tumbling window: attempts, failures, and how many distinct usernames failed (a
 * 256-bit linear counter: exact enough up to the few dozen that matter here). One per account or per
 * source; guarded by its own monitor.
 */
final class FailureTally {
  private final LinearCounter usernames;
  private long start;
  private int failures;
  private int attempts;

  FailureTally(long now) {
    this.usernames = new LinearCounter(256, now);
    this.start = now;
  }

  synchronized void fail(long now, long windowNanos, long usernameHash) {
    restartIfOver(now, windowNanos);
    attempts++;
    failures++;
    usernames.add(usernameHash);
  }

  /** A success, counted only toward the failure ratio. */
  synchronized void succeed(long now, long windowNanos) {
    restartIfOver(now, windowNanos);
    attempts++;
  }

  /** Failures over attempts in the window; 0 without any. */
  synchronized double failureRatio(long now, long windowNanos) {
    restartIfOver(now, windowNanos);
    return attempts == 0 ? 0 : (double) failures / attempts;
  }

  /** Failures in the window, or 0 when it is over. */
  synchronized int failures(long now, long windowNanos) {
    restartIfOver(now, windowNanos);
    return failures;
  }

  synchronized int distinctUsernames(long now, long windowNanos) {
    restartIfOver(now, windowNanos);
    return (int) Math.round(usernames.distinct());
  }

  synchronized void forget() {
    failures = 0;
  }

  private void restartIfOver(long now, long windowNanos) {
    usernames.restartIfOver(now, windowNanos);
    if (now - start > windowNanos) {
      start = now;
      failures = 0;
      attempts = 0;
    }
  }
}
