package dev.vigil.agent.net;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** An immutable list of networks with a membership test that does not allocate for IPv4 text. */
public final class CidrSet {
  private static final CidrSet EMPTY = new CidrSet(Collections.<Cidr>emptyList());

  private final Cidr[] v4;
  private final Cidr[] v6;
  private final List<Cidr> all;

  private CidrSet(List<Cidr> cidrs) {
    List<Cidr> fours = new ArrayList<>();
    List<Cidr> sixes = new ArrayList<>();
    for (Cidr cidr : cidrs) {
      (cidr.isV4() ? fours : sixes).add(cidr);
    }
    this.v4 = fours.toArray(new Cidr[0]);
    this.v6 = sixes.toArray(new Cidr[0]);
    this.all = Collections.unmodifiableList(new ArrayList<>(cidrs));
  }

  public static CidrSet of(List<Cidr> cidrs) {
    return cidrs.isEmpty() ? EMPTY : new CidrSet(cidrs);
  }

  public static CidrSet empty() {
    return EMPTY;
  }

  public boolean isEmpty() {
    return all.isEmpty();
  }

  /** Whether the address literal lies in one of the networks; false for anything unparseable. */
  public boolean containsLiteral(String literal) {
    if (literal == null || all.isEmpty()) {
      return false;
    }
    long bits = IpAddress.parseV4(literal, 0, literal.length());
    if (bits >= 0) {
      return containsIpv4((int) bits);
    }
    return contains(IpAddress.parse(literal));
  }

  public boolean contains(IpAddress address) {
    if (address == null) {
      return false;
    }
    if (address.isV4()) {
      return containsIpv4(address.v4Bits());
    }
    for (Cidr cidr : v6) {
      if (cidr.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /** Allocation-free membership test for an IPv4 address given as its 32 bits (e.g. from {@link IpAddress#parseV4}). */
  public boolean containsIpv4(int bits) {
    for (Cidr cidr : v4) {
      if (cidr.containsV4(bits)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return all.toString();
  }
}
