package dev.vigil.agent.login;

import java.time.Duration;
import java.util.Objects;

/**
 * Credential-stuffing thresholds: this many distinct usernames failing from one address (or one
 * network) within {@code window} lock that source; so does, once an address has made {@code
 * ratioMinAttempts} attempts in the window, a failure ratio or an unknown-user ratio at or above its
 * threshold (addresses only: a network mixes many people). The lockout uses the {@code ip} (or {@code subnet}) scope's backoff.
 */
public final class StuffingSettings {
  /** Bounds the per-source set of username hashes; a threshold above it would need unbounded memory. */
  public static final int MAX_DISTINCT_THRESHOLD = 10_000;

  private final int distinctUsernamesPerIp;
  private final int distinctUsernamesPerSubnet;
  private final Duration window;
  private final int ratioMinAttempts;
  private final double failureRatio;
  private final double unknownUserRatio;

  /** With the default ratio thresholds. */
  public StuffingSettings(int distinctUsernamesPerIp, int distinctUsernamesPerSubnet, Duration window) {
    this(distinctUsernamesPerIp, distinctUsernamesPerSubnet, window, DEFAULT_RATIO_MIN_ATTEMPTS, DEFAULT_FAILURE_RATIO, DEFAULT_UNKNOWN_USER_RATIO);
  }

  /** @param failureRatio and {@code unknownUserRatio}: in (0, 1]; a source must also have made {@code ratioMinAttempts} attempts */
  public StuffingSettings(
      int distinctUsernamesPerIp, int distinctUsernamesPerSubnet, Duration window, int ratioMinAttempts, double failureRatio, double unknownUserRatio) {
    this.distinctUsernamesPerIp = checked(distinctUsernamesPerIp);
    this.distinctUsernamesPerSubnet = checked(distinctUsernamesPerSubnet);
    this.window = Objects.requireNonNull(window, "window");
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive");
    }
    if (ratioMinAttempts < 1) {
      throw new IllegalArgumentException("ratioMinAttempts must be at least 1");
    }
    if (!(failureRatio > 0 && failureRatio <= 1) || !(unknownUserRatio > 0 && unknownUserRatio <= 1)) {
      throw new IllegalArgumentException("ratios must be above 0 and at most 1");
    }
    this.ratioMinAttempts = ratioMinAttempts;
    this.failureRatio = failureRatio;
    this.unknownUserRatio = unknownUserRatio;
  }

  /** Attempts a source must have made in the window before its ratios can lock it. */
  public static final int DEFAULT_RATIO_MIN_ATTEMPTS = 20;
  /** 18 of 20 failed: what a list of guesses looks like, not a person who mistyped. */
  public static final double DEFAULT_FAILURE_RATIO = 0.9;
  /** Half the attempts for accounts that do not exist: a list from another site's breach. */
  public static final double DEFAULT_UNKNOWN_USER_RATIO = 0.5;

  public int ratioMinAttempts() {
    return ratioMinAttempts;
  }

  public double failureRatio() {
    return failureRatio;
  }

  public double unknownUserRatio() {
    return unknownUserRatio;
  }

  private static int checked(int threshold) {
    if (threshold < 1 || threshold > MAX_DISTINCT_THRESHOLD) {
      throw new IllegalArgumentException("distinct username thresholds must be between 1 and " + MAX_DISTINCT_THRESHOLD);
    }
    return threshold;
  }

  public int distinctUsernamesPerIp() {
    return distinctUsernamesPerIp;
  }

  public int distinctUsernamesPerSubnet() {
    return distinctUsernamesPerSubnet;
  }

  public Duration window() {
    return window;
  }
}
