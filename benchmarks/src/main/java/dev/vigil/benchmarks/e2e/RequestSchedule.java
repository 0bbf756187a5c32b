package dev.vigil.benchmarks.e2e;

/**
 * When each request is meant to be sent, wrk2-style: the aggregate rate is spread evenly over time
 * and the requests are dealt round-robin to the connections, so request number {@code n} (counting
 * over all connections) is due at {@code start + n / rate} and belongs to connection {@code n mod
 * connections}. Connection {@code c}'s {@code k}-th request is therefore number {@code k *
 * connections + c}. Integer nanoseconds, exact (no drift from adding a rounded interval).
 */
public final class RequestSchedule {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final long startNanos;
  private final long ratePerSecond;
  private final int connections;

  public RequestSchedule(long startNanos, long ratePerSecond, int connections) {
    if (ratePerSecond < 1) throw new IllegalArgumentException("rate must be >= 1 req/s: " + ratePerSecond);
    if (connections < 1) throw new IllegalArgumentException("connections must be >= 1: " + connections);
    this.startNanos = startNanos;
    this.ratePerSecond = ratePerSecond;
    this.connections = connections;
  }

  /** Global index of connection {@code connection}'s {@code k}-th request (both from 0). */
  public long requestNumber(int connection, long k) {
    return k * connections + connection;
  }

  /** The intended send time (System.nanoTime scale) of request number {@code n}. */
  public long intendedNanos(long n) {
    // n * 1e9 overflows a long only past ~9.2e9 requests: hours at any rate a loopback test reaches
    return startNanos + Math.multiplyExact(n, NANOS_PER_SECOND) / ratePerSecond;
  }

  /** The intended send time of connection {@code connection}'s {@code k}-th request. */
  public long intendedNanos(int connection, long k) {
    return intendedNanos(requestNumber(connection, k));
  }

  /** How many requests are due before {@code offsetNanos} after the start: those with intended time < start + offset. */
  public long requestsBefore(long offsetNanos) {
    if (offsetNanos <= 0) return 0;
    // smallest n with n * 1e9 / rate >= offset, i.e. ceil(offset * rate / 1e9)
    return ceilDiv(Math.multiplyExact(offsetNanos, ratePerSecond), NANOS_PER_SECOND);
  }

  public long startNanos() {
    return startNanos;
  }

  public long ratePerSecond() {
    return ratePerSecond;
  }

  public int connections() {
    return connections;
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }
}
