package dev.vigil.agent.detect.sketch;

/**
 * Distinct values within a tumbling window for counts too large for a {@link LinearCounter} of a
 * sensible size: 256 one-byte registers (about 6.5 % standard error), with linear counting over the
 * registers for small counts. Same contract as the linear counter: fixed size, no allocation per
 * value, guarded by its owner.
 */
public final class HyperLogLog {
  private static final int REGISTERS = 256;
  private static final int INDEX_BITS = 8;
  private static final double ALPHA = 0.7213 / (1 + 1.079 / REGISTERS);
  private final byte[] registers = new byte[REGISTERS];
  private long start;

  public HyperLogLog(long now) {
    this.start = now;
  }

  public boolean restartIfOver(long now, long windowNanos) {
    if (now - start <= windowNanos) {
      return false;
    }
    start = now;
    java.util.Arrays.fill(registers, (byte) 0);
    return true;
  }

  /** Adds a value by its well-mixed 64-bit hash. */
  public void add(long hash) {
    int index = (int) (hash & (REGISTERS - 1));
    int rank = Long.numberOfLeadingZeros((hash >>> INDEX_BITS) | 1L) - INDEX_BITS + 1;
    if (rank > registers[index]) {
      registers[index] = (byte) rank;
    }
  }

  public double distinct() {
    double sum = 0;
    int zeros = 0;
    for (byte register : registers) {
      sum += 1.0 / (1L << register);
      if (register == 0) {
        zeros++;
      }
    }
    double estimate = ALPHA * REGISTERS * REGISTERS / sum;
    if (estimate <= 2.5 * REGISTERS && zeros > 0) {
      return REGISTERS * Math.log((double) REGISTERS / zeros);
    }
    return estimate;
  }
}
