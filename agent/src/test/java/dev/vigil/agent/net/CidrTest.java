package dev.vigil.agent.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CidrTest {
  @Test
  void ipv4Membership() {
    Cidr cidr = Cidr.parse("172.16.0.0/12");
    assertThat(cidr.contains(IpAddress.parse("172.31.255.255"))).isTrue();
    assertThat(cidr.contains(IpAddress.parse("172.32.0.0"))).isFalse();
    assertThat(cidr.contains(IpAddress.parse("::ffff:172.16.0.1"))).isTrue();
    assertThat(cidr.contains(IpAddress.parse("fc00::1"))).isFalse();
    assertThat(Cidr.parse("0.0.0.0/0").contains(IpAddress.parse("8.8.8.8"))).isTrue();
    assertThat(Cidr.parse("10.1.2.3").contains(IpAddress.parse("10.1.2.3"))).isTrue();
    assertThat(Cidr.parse("10.1.2.3").contains(IpAddress.parse("10.1.2.4"))).isFalse();
  }

  @Test
  void ipv6Membership() {
    Cidr unique = Cidr.parse("fc00::/7");
    assertThat(unique.contains(IpAddress.parse("fd12:3456::1"))).isTrue();
    assertThat(unique.contains(IpAddress.parse("fe00::1"))).isFalse();
    Cidr wide = Cidr.parse("2001:db8:abcd::/100");
    assertThat(wide.contains(IpAddress.parse("2001:db8:abcd::0fff:ffff"))).isTrue();
    assertThat(wide.contains(IpAddress.parse("2001:db8:abcd::1000:0"))).isFalse();
    assertThat(Cidr.parse("::1/128").contains(IpAddress.parse("::1"))).isTrue();
    assertThat(Cidr.parse("::/0").contains(IpAddress.parse("1.2.3.4"))).isFalse();
  }

  @Test
  void hostBitsAreMaskedAndMappedNetworksFold() {
    assertThat(Cidr.parse("10.1.2.3/8")).hasToString("10.0.0.0/8");
    assertThat(Cidr.parse("::ffff:10.0.0.0/104")).hasToString("10.0.0.0/8");
    assertThat(Cidr.parse("2001:db8::1/32")).hasToString("2001:db8::/32");
  }

  @Test
  void rejectsBadText() {
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).hasMessageContaining("0 to 32");
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/")).hasMessageContaining("prefix length");
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/x")).hasMessageContaining("prefix length");
    assertThatThrownBy(() -> Cidr.parse("example.com/8")).hasMessageContaining("not an IP address");
    assertThatThrownBy(() -> Cidr.parse("::/129")).hasMessageContaining("0 to 128");
  }

  @Test
  void setMatchesLiterals() {
    CidrSet set = CidrSet.of(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("2001:db8::/32")));
    assertThat(set.containsLiteral("10.9.9.9")).isTrue();
    assertThat(set.containsLiteral("11.0.0.1")).isFalse();
    assertThat(set.containsLiteral("2001:db8::5")).isTrue();
    assertThat(set.containsLiteral("::ffff:10.0.0.1")).isTrue();
    assertThat(set.containsLiteral("garbage")).isFalse();
    assertThat(set.containsLiteral(null)).isFalse();
    assertThat(CidrSet.empty().containsLiteral("10.0.0.1")).isFalse();
  }

  @Test
  void setMatchesIpv4Bits() {
    CidrSet set = CidrSet.of(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("192.168.1.7"), Cidr.parse("2001:db8::/32")));
    assertThat(set.containsIpv4(0x0a090909)).isTrue(); // 10.9.9.9
    assertThat(set.containsIpv4(0x0b000001)).isFalse(); // 11.0.0.1
    assertThat(set.containsIpv4(0xc0a80107)).isTrue(); // 192.168.1.7, a high bit set
    assertThat(set.containsIpv4(0xc0a80108)).isFalse();
    assertThat(set.containsIpv4((int) IpAddress.parseV4("10.255.0.1", 0, 10))).isTrue();
    assertThat(set.containsIpv4(0x20010db8)).isFalse(); // the IPv6 network's bits are not an IPv4 match
    assertThat(CidrSet.of(List.of(Cidr.parse("0.0.0.0/0"))).containsIpv4(0xffffffff)).isTrue();
    assertThat(CidrSet.empty().containsIpv4(0x0a000001)).isFalse();
  }

  @Test
  void networksOverlapWhenOneHoldsTheOther() {
    assertThat(Cidr.parse("203.0.113.9").overlaps(Cidr.parse("203.0.113.0/24"))).isTrue();
    assertThat(Cidr.parse("203.0.113.0/24").overlaps(Cidr.parse("203.0.113.9"))).isTrue();
    assertThat(Cidr.parse("203.0.0.0/16").overlaps(Cidr.parse("203.0.113.0/24"))).isTrue();
    assertThat(Cidr.parse("203.0.113.0/25").overlaps(Cidr.parse("203.0.113.128/25"))).isFalse();
    assertThat(Cidr.parse("2001:db8::/48").overlaps(Cidr.parse("2001:db8:0:7::/64"))).isTrue();
    assertThat(Cidr.parse("2001:db8::/48").overlaps(Cidr.parse("2001:db9::/64"))).isFalse();
    assertThat(Cidr.parse("10.0.0.0/8").overlaps(Cidr.parse("::/0"))).as("never across families").isFalse();
    assertThat(Cidr.parse("0.0.0.0/0").overlaps(Cidr.parse("198.51.100.1"))).isTrue();
  }
}
