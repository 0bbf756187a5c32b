package dev.vigil.agent.login;

import java.time.Duration;
import java.util.Objects;

/**
 * Credential-stuffing thresholds: this many distinct usernames failing from one address (or one
 * network) within {@code window} lock that source; so does, once an address has made {@code
 * ratioMinAttempts} attempts in the window, a failure ratio or an unknown-user ratio at or above its
 * threshold (addresses only: a network mixes many people). A wide network (/16, IPv6 /48) is locked
 * once as many distinct usernames failed from it as {@code distinctUsernamesPerNetwork} while its
 * failure ratio is at the threshold too. The lockout uses the {@code ip} (or {@code subnet}) scope's backoff.
 */
public final class StuffingSettings {
  /** Bounds the per-source set of username hashes; a threshold above it would need unbounded memory. */
  public static final int MAX_DISTINCT_THRESHOLD = 10_000;

  private final int distinctUsernamesPerIp;
  private final int distinctUsernamesPerSubnet;
  private final int distinctUsernamesPerNetwork;
  private final Duration window;
  private final int ratioMinAttempts;
  private final double failureRatio;
  private final double unknownUserRatio;

  /** With the default ratio thresholds. */
  public StuffingSettings(int distinctUsernamesPerIp, int distinctUsernamesPerSubnet, Duration window) {
    this(distinctUsernamesPerIp, distinctUsernamesPerSubnet, window, DEFAULT_RATIO_MIN_ATTEMPTS, DEFAULT_FAILURE_RATIO, DEFAULT_UNKNOWN_USER_RATIO);
  }

  /** With the default per-network threshold. */
  public StuffingSettings(
      int distinctUsernamesPerIp, int distinctUsernamesPerSubnet, Duration window, int ratioMinAttempts, double failureRatio, double unknownUserRatio) {
    this(distinctUsernamesPerIp, distinctUsernamesPerSubnet, DEFAULT_DISTINCT_PER_NETWORK, window, ratioMinAttempts, failureRatio, unknownUserRatio);
  }

  /** @param failureRatio and {@code unknownUserRatio}: in (0, 1]; a source must also have made {@code ratioMinAttempts} attempts */
  public StuffingSettings(
      int distinctUsernamesPerIp, int distinctUsernamesPerSubnet, int distinctUsernamesPerNetwork, Duration window, int ratioMinAttempts,
      double failureRatio, double unknownUserRatio) {
    this.distinctUsernamesPerIp = checked(distinctUsernamesPerIp);
    this.distinctUsernamesPerSubnet = checked(distinctUsernamesPerSubnet);
    this.distinctUsernamesPerNetwork = checked(distinctUsernamesPerNetwork);
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

  /** 30 usernames failing from one /16 with nine in ten attempts failing: a list, spread over subnets. */
  public static final int DEFAULT_DISTINCT_PER_NETWORK = 30;
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

  public int distinctUsernamesPerNetwork() {
    return distinctUsernamesPerNetwork;
  }

  public Duration window() {
    return window;
  }
}
