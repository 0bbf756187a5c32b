package dev.vigil.agent.config;

import java.time.Duration;

/**
 * Memory bounds for per-caller state: at most this many keys per rule, forgotten after this idle time,
 * plus a protected segment of at most {@code maxThrottledKeysPerRule} throttled callers that a flood
 * of new keys cannot push out.
 */
public final class StateLimits {
  public static final int DEFAULT_MAX_KEYS_PER_RULE = 100_000;
  public static final int DEFAULT_MAX_THROTTLED_KEYS_PER_RULE = 10_000;
  public static final Duration DEFAULT_IDLE_EXPIRY = Duration.ofMinutes(10);

  private final int maxKeysPerRule;
  private final int maxThrottledKeysPerRule;
  private final Duration idleExpiry;

  public StateLimits(int maxKeysPerRule, int maxThrottledKeysPerRule, Duration idleExpiry) {
    if (maxKeysPerRule < 1 || maxThrottledKeysPerRule < 1 || idleExpiry.isNegative() || idleExpiry.isZero()) {
      throw new IllegalArgumentException("state limits must be positive");
    }
    this.maxKeysPerRule = maxKeysPerRule;
    this.maxThrottledKeysPerRule = maxThrottledKeysPerRule;
    this.idleExpiry = idleExpiry;
  }

  /** With the default throttled segment: 10,000, or {@code maxKeysPerRule} if smaller, so a small table stays small. */
  public StateLimits(int maxKeysPerRule, Duration idleExpiry) {
    this(maxKeysPerRule, defaultMaxThrottledKeys(maxKeysPerRule), idleExpiry);
  }

  public static int defaultMaxThrottledKeys(int maxKeysPerRule) {
    return Math.min(DEFAULT_MAX_THROTTLED_KEYS_PER_RULE, maxKeysPerRule);
  }

  public static StateLimits defaults() {
    return new StateLimits(DEFAULT_MAX_KEYS_PER_RULE, DEFAULT_IDLE_EXPIRY);
  }

  public int maxKeysPerRule() {
    return maxKeysPerRule;
  }

  /** Throttled callers kept per rule apart from {@link #maxKeysPerRule()}, out of a flood's reach. */
  public int maxThrottledKeysPerRule() {
    return maxThrottledKeysPerRule;
  }

  public Duration idleExpiry() {
    return idleExpiry;
  }
}
