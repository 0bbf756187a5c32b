package dev.vigil.agent.limit;

/**
 * The rate and burst shared by every bucket of one rule, held once per rule so each per-caller
 * bucket is a single scalar.
 */
public final class BucketShape {
  private static final long MAX_CAPACITY_NANOS = Long.MAX_VALUE / 4;

  private final long intervalNanos;
  private final long capacityNanos;

  /**
   * @param tokensPerSecond sustained rate, greater than 0
   * @param burst how many requests may arrive at once, at least 1
   */
  public BucketShape(double tokensPerSecond, long burst) {
    if (!(tokensPerSecond > 0) || burst < 1) {
      throw new IllegalArgumentException("rate must be positive and burst at least 1");
    }
    this.intervalNanos = Math.max(1, Math.round(1e9 / tokensPerSecond));
    this.capacityNanos = (long) Math.min((double) intervalNanos * burst, MAX_CAPACITY_NANOS);
  }

  /** Time for one token to come back. */
  public long intervalNanos() {
    return intervalNanos;
  }

  /** Time for an empty bucket to fill up to its burst. */
  public long capacityNanos() {
    return capacityNanos;
  }
}
