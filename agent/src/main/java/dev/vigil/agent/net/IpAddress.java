package dev.vigil.agent.net;

/**
 * An IPv4 or IPv6 address parsed from its literal text only. Hostnames are never resolved: a
 * caller-supplied header must not be able to make the agent do DNS on a request thread. IPv4-mapped
 * IPv6 ({@code ::ffff:a.b.c.d}) is folded to IPv4 so one client has one identity.
 */
public final class IpAddress {
  private static final long MAPPED_V4_PREFIX = 0xffffL;

  private final boolean v4;
  private final long hi;
  private final long lo;

  private IpAddress(boolean v4, long hi, long lo) {
    this.v4 = v4;
    this.hi = hi;
    this.lo = lo;
  }

  static IpAddress v4(int bits) {
    return new IpAddress(true, 0, bits & 0xffffffffL);
  }

  static IpAddress v6(long hi, long lo) {
    if (hi == 0 && (lo >>> 32) == MAPPED_V4_PREFIX) {
      return v4((int) lo);
    }
    return new IpAddress(false, hi, lo);
  }

  /** Parses an IPv4 or IPv6 literal (an IPv6 zone id is dropped); returns null if it is not one. */
  public static IpAddress parse(CharSequence text) {
    if (text == null) {
      return null;
    }
    int end = text.length();
    for (int i = 0; i < end; i++) {
      if (text.charAt(i) == '%') {
        end = i;
        break;
      }
    }
    return parse(text, 0, end);
  }

  /** Parses the literal in {@code text[from, to)}; returns null if it is not one. */
  public static IpAddress parse(CharSequence text, int from, int to) {
    if (text == null || from >= to) {
      return null;
    }
    for (int i = from; i < to; i++) {
      if (text.charAt(i) == ':') {
        return Ipv6Literal.parse(text, from, to);
      }
    }
    long bits = parseV4(text, from, to);
    return bits < 0 ? null : v4((int) bits);
  }

  /**
   * Parses a dotted-quad IPv4 literal without allocating; returns the address as an unsigned
   * 32-bit value, or -1. Leading zeros are rejected because some parsers read them as octal.
   */
  public static long parseV4(CharSequence text, int from, int to) {
    if (text == null || to - from < 7 || to - from > 15) {
      return -1;
    }
    long result = 0;
    int parts = 0;
    int i = from;
    while (i <= to) {
      int start = i;
      int value = 0;
      while (i < to && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
        value = value * 10 + (text.charAt(i) - '0');
        i++;
      }
      int digits = i - start;
      if (digits == 0 || digits > 3 || value > 255 || (digits > 1 && text.charAt(start) == '0')) {
        return -1;
      }
      result = (result << 8) | value;
      parts++;
      if (i == to) {
        break;
      }
      if (text.charAt(i) != '.' || parts == 4) {
        return -1;
      }
      i++;
    }
    return parts == 4 ? result : -1;
  }

  public boolean isV4() {
    return v4;
  }

  /** The IPv4 address as a 32-bit value; only meaningful when {@link #isV4()}. */
  public int v4Bits() {
    return (int) lo;
  }

  /** Upper 64 bits of an IPv6 address. */
  public long high() {
    return hi;
  }

  /** Lower 64 bits of an IPv6 address. */
  public long low() {
    return lo;
  }

  /** The aggregate key for rotation-resistant limits: the /24 (IPv4) or /64 (IPv6) network. */
  public String subnet() {
    return v4 ? Ipv4Text.format((int) lo & 0xffffff00) + "/24" : AddressTexts.ipv6(hi, 0, 64);
  }

  /**
   * The wider aggregate, for rotation across many subnets of one holder: the /16 (IPv4) or /48
   * (IPv6, the usual allocation to one site, which holds 65,536 /64s).
   */
  public String network() {
    return v4 ? Ipv4Text.format((int) lo & 0xffff0000) + "/16" : AddressTexts.ipv6(hi & 0xffffffffffff0000L, 0, 48);
  }

  /** Canonical text: dotted quad, or RFC 5952 IPv6 (lower case, longest zero run compressed). */
  @Override
  public String toString() {
    return v4 ? Ipv4Text.format((int) lo) : AddressTexts.ipv6(hi, lo, 128);
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof IpAddress)) {
      return false;
    }
    IpAddress that = (IpAddress) other;
    return v4 == that.v4 && hi == that.hi && lo == that.lo;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(hi * 31 + lo) + (v4 ? 1 : 0);
  }
}
