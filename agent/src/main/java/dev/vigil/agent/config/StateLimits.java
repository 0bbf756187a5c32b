package dev.vigil.agent.config;

import java.time.Duration;

/** Memory bounds for per-caller state: at most this many keys per rule, forgotten after this idle time. */
public final class StateLimits {
  public static final int DEFAULT_MAX_KEYS_PER_RULE = 100_000;
  public static final Duration DEFAULT_IDLE_EXPIRY = Duration.ofMinutes(10);

  private final int maxKeysPerRule;
  private final Duration idleExpiry;

  public StateLimits(int maxKeysPerRule, Duration idleExpiry) {
    if (maxKeysPerRule < 1 || idleExpiry.isNegative() || idleExpiry.isZero()) {
      throw new IllegalArgumentException("state limits must be positive");
    }
    this.maxKeysPerRule = maxKeysPerRule;
    this.idleExpiry = idleExpiry;
  }

  public static StateLimits defaults() {
    return new StateLimits(DEFAULT_MAX_KEYS_PER_RULE, DEFAULT_IDLE_EXPIRY);
  }

  public int maxKeysPerRule() {
    return maxKeysPerRule;
  }

  public Duration idleExpiry() {
    return idleExpiry;
  }
}
