package dev.vigil.agent.net;

/**
 * Canonical texts of the IPv6 addresses and networks met so far, found by their bits instead of
 * formatted anew: an IPv6 client's every request needs its address and its /64 as text (the keys of
 * every table), and formatting them cost each request some 700 bytes. A fixed array indexed by a
 * hash of the bits, each slot checked against the bits before it is used (so a collision is a miss,
 * never a wrong text); writes race benignly, a slot holds an immutable entry. Fixed size: a flood of
 * new addresses only churns it.
 */
final class AddressTexts {
  private static final int SLOTS = 4096;

  private static final class Entry {
    final long hi;
    final long lo;
    /** 128 for an address, else the network's prefix length. */
    final int prefix;
    final String text;

    Entry(long hi, long lo, int prefix, String text) {
      this.hi = hi;
      this.lo = lo;
      this.prefix = prefix;
      this.text = text;
    }
  }

  private static final Entry[] SLOT = new Entry[SLOTS];

  private AddressTexts() {}

  /** The RFC 5952 text of the IPv6 network or address {@code hi:lo} (host bits already masked off), with {@code /prefix} unless 128. */
  static String ipv6(long hi, long lo, int prefix) {
    long mixed = (hi * 0x9E3779B97F4A7C15L) ^ (lo * 0xC2B2AE3D27D4EB4FL) ^ prefix;
    int slot = (int) (mixed ^ (mixed >>> 29)) & (SLOTS - 1);
    Entry entry = SLOT[slot];
    if (entry != null && entry.hi == hi && entry.lo == lo && entry.prefix == prefix) {
      return entry.text;
    }
    String text = prefix == 128 ? Ipv6Literal.format(hi, lo) : Ipv6Literal.format(hi, lo) + "/" + prefix;
    SLOT[slot] = new Entry(hi, lo, prefix, text);
    return text;
  }
}
