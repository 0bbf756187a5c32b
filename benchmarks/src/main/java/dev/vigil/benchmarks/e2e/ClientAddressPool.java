package dev.vigil.benchmarks.e2e;

/**
 * A pool of distinct client addresses for {@code X-Forwarded-For}, so a load test from one machine
 * looks like many callers and the default per-IP limit (50/s, burst 100) throttles none of them.
 * Addresses come from 198.18.0.0/15 (RFC 2544's benchmarking range: never a trusted proxy, never a
 * real client), dealt over its 512 /24 subnets first ({@code i mod 512} picks the subnet), so that
 * subnet aggregates stay small too. The same formula is in {@code benchmarks/e2e/xff.lua} for wrk.
 */
public final class ClientAddressPool {
  /** 512 /24 subnets of 198.18.0.0/15, 254 usable hosts each. */
  public static final int MAX_SIZE = 512 * 254;

  private final String[] addresses;

  public ClientAddressPool(int size) {
    if (size < 1 || size > MAX_SIZE) throw new IllegalArgumentException("pool size must be 1.." + MAX_SIZE + ": " + size);
    addresses = new String[size];
    for (int i = 0; i < size; i++) addresses[i] = address(i);
  }

  /** The {@code i}-th address: subnet {@code i mod 512} of 198.18.0.0/15, host {@code i / 512 + 1}. */
  public static String address(int i) {
    int subnet = i % 512;
    int host = i / 512 + 1;
    return "198." + (18 + subnet / 256) + "." + (subnet % 256) + "." + host;
  }

  public int size() {
    return addresses.length;
  }

  /** The address of request number {@code n}: the pool in turn, so each address gets rate / size requests per second. */
  public String forRequest(long n) {
    return addresses[(int) Math.floorMod(n, (long) addresses.length)];
  }
}
