package dev.vigil.agent.login;

import java.time.Duration;
import java.util.Objects;

/**
 * Credential-stuffing thresholds: this many distinct usernames failing from one address (or one
 * network) within {@code window} lock that source; the lockout uses the {@code ip} (or {@code
 * subnet}) scope's backoff.
 */
public final class StuffingSettings {
  /** Bounds the per-source set of username hashes; a threshold above it would need unbounded memory. */
  public static final int MAX_DISTINCT_THRESHOLD = 10_000;

  private final int distinctUsernamesPerIp;
  private final int distinctUsernamesPerSubnet;
  private final Duration window;

  public StuffingSettings(int distinctUsernamesPerIp, int distinctUsernamesPerSubnet, Duration window) {
    this.distinctUsernamesPerIp = checked(distinctUsernamesPerIp);
    this.distinctUsernamesPerSubnet = checked(distinctUsernamesPerSubnet);
    this.window = Objects.requireNonNull(window, "window");
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive");
    }
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
