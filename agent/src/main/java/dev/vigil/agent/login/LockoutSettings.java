package dev.vigil.agent.login;

import java.time.Duration;
import java.util.Objects;

/**
 * One scope's lockout: {@code threshold} failures within {@code window} lock the key for {@code
 * lockout}; each repeated lockout multiplies that by {@code multiplier}, up to {@code cap}, and adds
 * a random 0..{@code jitter} so the unlock time cannot be predicted.
 */
public final class LockoutSettings {
  public static final double MAX_MULTIPLIER = 100;

  private final int threshold;
  private final Duration window;
  private final Duration lockout;
  private final double multiplier;
  private final Duration cap;
  private final Duration jitter;

  public LockoutSettings(int threshold, Duration window, Duration lockout, double multiplier, Duration cap, Duration jitter) {
    this.threshold = threshold;
    this.window = Objects.requireNonNull(window, "window");
    this.lockout = Objects.requireNonNull(lockout, "lockout");
    this.multiplier = multiplier;
    this.cap = Objects.requireNonNull(cap, "cap");
    this.jitter = Objects.requireNonNull(jitter, "jitter");
    if (threshold < 1) {
      throw new IllegalArgumentException("threshold must be at least 1");
    }
    if (!positive(window) || !positive(lockout) || !positive(cap) || jitter.isNegative()) {
      throw new IllegalArgumentException("window, lockout and cap must be positive, jitter not negative");
    }
    if (!(multiplier >= 1 && multiplier <= MAX_MULTIPLIER)) {
      throw new IllegalArgumentException("multiplier must be between 1 and " + (int) MAX_MULTIPLIER);
    }
    if (cap.compareTo(lockout) < 0) {
      throw new IllegalArgumentException("cap must not be shorter than lockout");
    }
  }

  private static boolean positive(Duration d) {
    return !d.isNegative() && !d.isZero();
  }

  /** The lockout length before jitter for the {@code repeat}-th repeated lockout (0 = first). */
  long durationNanos(int repeat) {
    double nanos = lockout.toNanos() * Math.pow(multiplier, repeat);
    return nanos >= cap.toNanos() ? cap.toNanos() : (long) nanos;
  }

  /** How long a key's state must be kept to count its window and serve its longest lockout. */
  long retentionNanos() {
    return Math.max(window.toNanos(), cap.toNanos() + jitter.toNanos());
  }

  public int threshold() {
    return threshold;
  }

  public Duration window() {
    return window;
  }

  public Duration lockout() {
    return lockout;
  }

  public double multiplier() {
    return multiplier;
  }

  public Duration cap() {
    return cap;
  }

  public Duration jitter() {
    return jitter;
  }

  @Override
  public String toString() {
    return threshold + " in " + window + " -> " + lockout + " x" + multiplier + " cap " + cap + " jitter " + jitter;
  }
}
