package dev.vigil.agent.net;

/** An IPv4 or IPv6 network such as {@code 10.0.0.0/8}; a bare address means a single host. */
public final class Cidr {
  private final boolean v4;
  private final long maskHi;
  private final long maskLo;
  private final long netHi;
  private final long netLo;
  private final String text;
  private final int prefix;

  private Cidr(IpAddress address, int prefix) {
    this.v4 = address.isV4();
    this.prefix = prefix;
    if (v4) {
      this.maskHi = 0;
      this.maskLo = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
    } else {
      this.maskHi = prefix == 0 ? 0 : prefix >= 64 ? -1L : -1L << (64 - prefix);
      this.maskLo = prefix <= 64 ? 0 : prefix == 128 ? -1L : -1L << (128 - prefix);
    }
    this.netHi = address.high() & maskHi;
    this.netLo = address.low() & maskLo;
    // host bits are masked off rather than rejected, as most proxies' CIDR lists do
    IpAddress network = v4 ? IpAddress.v4((int) netLo) : IpAddress.v6(netHi, netLo);
    this.text = network + "/" + prefix;
  }

  /**
   * Parses {@code address/prefix} or a bare address.
   *
   * @throws IllegalArgumentException with a short reason, for a policy error message
   */
  public static Cidr parse(String value) {
    String trimmed = value == null ? "" : value.trim();
    int slash = trimmed.indexOf('/');
    String addressText = slash < 0 ? trimmed : trimmed.substring(0, slash);
    IpAddress address = IpAddress.parse(addressText, 0, addressText.length());
    if (address == null) {
      throw new IllegalArgumentException("not an IP address or CIDR (expected e.g. 10.0.0.0/8 or 2001:db8::/32)");
    }
    boolean writtenAsV6 = addressText.indexOf(':') >= 0;
    int width = writtenAsV6 ? 128 : 32;
    int prefix = width;
    if (slash >= 0) {
      String prefixText = trimmed.substring(slash + 1);
      if (prefixText.isEmpty() || prefixText.length() > 3 || !prefixText.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new IllegalArgumentException("prefix length after '/' must be a number from 0 to " + width);
      }
      prefix = Integer.parseInt(prefixText);
      if (prefix > width) {
        throw new IllegalArgumentException("prefix length must be from 0 to " + width);
      }
    }
    if (writtenAsV6 && address.isV4()) {
      // ::ffff:a.b.c.d/N folds to the IPv4 network a.b.c.d/(N-96)
      if (prefix < 96) {
        throw new IllegalArgumentException("an IPv4-mapped network needs a prefix of at least 96");
      }
      prefix -= 96;
    }
    return new Cidr(address, prefix);
  }

  /** The prefix length: 32 (IPv4) or 128 (IPv6) for a single address. */
  public int prefix() {
    return prefix;
  }

  /** Whether the two share any address: one holds the other. */
  public boolean overlaps(Cidr other) {
    if (other.v4 != v4) {
      return false;
    }
    long hi = maskHi & other.maskHi;
    long lo = maskLo & other.maskLo; // the shorter prefix's mask
    return (netHi & hi) == (other.netHi & hi) && (netLo & lo) == (other.netLo & lo);
  }

  public boolean contains(IpAddress address) {
    if (address == null || address.isV4() != v4) {
      return false;
    }
    return (address.high() & maskHi) == netHi && (address.low() & maskLo) == netLo;
  }

  /** Allocation-free membership test for an IPv4 address given as 32 bits. */
  public boolean containsV4(int bits) {
    return v4 && ((bits & 0xffffffffL) & maskLo) == netLo;
  }

  public boolean isV4() {
    return v4;
  }

  @Override
  public String toString() {
    return text;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Cidr && text.equals(((Cidr) other).text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }
}
