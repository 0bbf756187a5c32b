package dev.vigil.agent.caller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.config.Policy;
import dev.vigil.agent.net.Cidr;
import dev.vigil.agent.net.CidrSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientAddressResolverTest {
  private final ClientAddressResolver resolver = new ClientAddressResolver(CidrSet.of(Policy.builtIn().trustedProxies()));

  @Test
  void directPeerIsTheClientAndTheSameStringIsReturned() {
    String peer = "203.0.113.5";
    assertThat(resolver.resolve(peer, null, null)).isSameAs(peer);
    assertThat(resolver.resolve(peer, "", " ")).isSameAs(peer);
  }

  @Test
  void ipv6PeerIsCanonicalised() {
    assertThat(resolver.resolve("0:0:0:0:0:0:0:1", null, null)).isEqualTo("::1");
    assertThat(resolver.resolve("::ffff:203.0.113.5", null, null)).isEqualTo("203.0.113.5");
  }

  @Test
  void aBracketedIpv6PeerAsJettyReportsItIsTheSameAddressAndTrustedLikeIt() {
    assertThat(resolver.resolve("[0:0:0:0:0:0:0:1]", null, null)).isEqualTo("::1");
    assertThat(resolver.resolve("[0:0:0:0:0:0:0:1]", null, "2001:db8:4::51")).isEqualTo("2001:db8:4::51");
    assertThat(resolver.resolve("[0:0:0:0:0:0:0:1]", null, "198.51.100.51")).isEqualTo("198.51.100.51");
  }

  @Test
  void unknownPeer() {
    assertThat(resolver.resolve(null, null, "1.2.3.4")).isNull();
  }

  @Test
  void forgedHeaderFromUntrustedPeerIsIgnored() {
    assertThat(resolver.resolve("203.0.113.5", null, "1.1.1.1")).isEqualTo("203.0.113.5");
    assertThat(resolver.resolve("203.0.113.5", "for=1.1.1.1", null)).isEqualTo("203.0.113.5");
  }

  @Test
  void trustedChainIsWalkedRightToLeft() {
    // client 198.51.100.7 -> proxy 10.0.0.2 -> proxy 10.0.0.1 (peer)
    assertThat(resolver.resolve("10.0.0.1", null, "198.51.100.7, 10.0.0.2")).isEqualTo("198.51.100.7");
    // a value forged by the client sits left of its real address and is never reached
    assertThat(resolver.resolve("10.0.0.1", null, "6.6.6.6, 198.51.100.7, 10.0.0.2")).isEqualTo("198.51.100.7");
  }

  @Test
  void garbageLeftOfTheClientCannotSpoilTheChain() {
    assertThat(resolver.resolve("10.0.0.1", null, "not an ip!!, 198.51.100.7")).isEqualTo("198.51.100.7");
    assertThat(resolver.resolve("10.0.0.1", "for=\"unterminated, for=198.51.100.7", null)).isEqualTo("198.51.100.7");
  }

  @Test
  void multipleHeadersJoinedWithCommas() {
    assertThat(resolver.resolve("127.0.0.1", null, "198.51.100.7,10.1.1.1 ,  192.168.0.9")).isEqualTo("198.51.100.7");
  }

  @Test
  void allHopsTrustedMeansTheLeftmostIsTheClient() {
    assertThat(resolver.resolve("127.0.0.1", null, "10.0.0.8, 10.0.0.9")).isEqualTo("10.0.0.8");
  }

  @Test
  void forwardedHeaderIsPreferred() {
    assertThat(resolver.resolve("127.0.0.1", "for=198.51.100.7;proto=https, for=10.0.0.2", "1.1.1.1")).isEqualTo("198.51.100.7");
    assertThat(resolver.resolve("127.0.0.1", "For=\"[2001:db8:cafe::17]:4711\"", null)).isEqualTo("2001:db8:cafe::17");
    assertThat(resolver.resolve("127.0.0.1", "for=192.0.2.43:47011;by=10.0.0.1", null)).isEqualTo("192.0.2.43");
    assertThat(resolver.resolve("127.0.0.1", "proto=http;for=\"192.0.2.60\";by=203.0.113.43", null)).isEqualTo("192.0.2.60");
    assertThat(resolver.resolve("127.0.0.1", "for=\"[::ffff:192.0.2.1]\"", null)).isEqualTo("192.0.2.1");
  }

  @Test
  void unknownOrObfuscatedHopStopsAtTheProxyThatReportedIt() {
    assertThat(resolver.resolve("127.0.0.1", "for=unknown, for=10.0.0.2", null)).isEqualTo("10.0.0.2");
    assertThat(resolver.resolve("127.0.0.1", "for=_hidden, for=10.0.0.2", null)).isEqualTo("10.0.0.2");
    assertThat(resolver.resolve("127.0.0.1", "for=_hidden", null)).isEqualTo("127.0.0.1");
    assertThat(resolver.resolve("127.0.0.1", null, "unknown")).isEqualTo("127.0.0.1");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "for=", "for=example.com", "by=10.0.0.1", "for=\"[2001:db8::1\"", "for=[2001:db8::1]", "for=1.2.3.4:http", ",", "for=\"1.2.3.4",
        "for=1.2.3.4;;;for=5", "\u0000\u0001"
      })
  void malformedForwardedFallsBackToThePeer(String header) {
    assertThat(resolver.resolve("10.0.0.1", header, null)).isIn("10.0.0.1", "1.2.3.4", "2001:db8::1");
  }

  @Test
  void malformedHopsFallBackToThePeer() {
    assertThat(resolver.resolve("10.0.0.1", "for=example.com", null)).isEqualTo("10.0.0.1");
    assertThat(resolver.resolve("10.0.0.1", "by=10.0.0.1", null)).isEqualTo("10.0.0.1");
    assertThat(resolver.resolve("10.0.0.1", "for=\"1.2.3.4", null)).isEqualTo("10.0.0.1");
    assertThat(resolver.resolve("10.0.0.1", null, "localhost")).isEqualTo("10.0.0.1");
    assertThat(resolver.resolve("10.0.0.1", null, "198.51.100.7,")).isEqualTo("10.0.0.1");
    assertThat(resolver.resolve("10.0.0.1", null, "1.2.3.4:99999999")).isEqualTo("10.0.0.1");
  }

  @Test
  void xForwardedForVariants() {
    assertThat(resolver.resolve("10.0.0.1", null, "198.51.100.7:5000")).isEqualTo("198.51.100.7");
    assertThat(resolver.resolve("10.0.0.1", null, "[2001:db8::7]:443")).isEqualTo("2001:db8::7");
    assertThat(resolver.resolve("10.0.0.1", null, "2001:DB8::7")).isEqualTo("2001:db8::7");
    assertThat(resolver.resolve("::1", null, "fd00::5, 2001:db8::9")).isEqualTo("2001:db8::9");
  }

  @Test
  void emptyTrustListIgnoresAllHeaders() {
    ClientAddressResolver none = new ClientAddressResolver(CidrSet.of(List.<Cidr>of()));
    assertThat(none.resolve("127.0.0.1", "for=1.2.3.4", "5.6.7.8")).isEqualTo("127.0.0.1");
  }

  @Test
  void xForwardedForIpv4HopIsReturnedAsItsTextWithoutReformatting() {
    String header = "198.51.100.7";
    assertThat(resolver.resolve("10.0.0.1", null, header)).isSameAs(header);
    assertThat(resolver.resolve("10.0.0.1", null, " 198.51.100.7\t")).isEqualTo("198.51.100.7");
    assertThat(resolver.resolve("10.0.0.1", null, "198.51.100.7:443, 10.0.0.2:80")).isEqualTo("198.51.100.7");
    assertThat(resolver.resolve("10.0.0.1", null, "198.51.100.007")).isEqualTo("10.0.0.1"); // leading zero: malformed
    assertThat(resolver.resolve("10.0.0.1", null, "unknown, 10.0.0.2")).isEqualTo("10.0.0.2");
    assertThat(resolver.resolve("10.0.0.1", null, "_hidden, 10.0.0.2:8080")).isEqualTo("10.0.0.2");
    assertThat(resolver.resolve("10.0.0.1", null, "UNKNOWN")).isEqualTo("10.0.0.1");
  }

  @Test
  void xForwardedForMixingIpv4AndIpv6HopsMatchesTheGeneralWalk() {
    assertThat(resolver.resolve("10.0.0.1", null, "2001:db8::9, 10.0.0.2")).isEqualTo("2001:db8::9");
    assertThat(resolver.resolve("10.0.0.1", null, "198.51.100.7, fd00::1, 10.0.0.2")).isEqualTo("198.51.100.7");
    assertThat(resolver.resolve("10.0.0.1", null, "198.51.100.7, [fd00::1]:80")).isEqualTo("198.51.100.7");
    assertThat(resolver.resolve("10.0.0.1", null, "fd00::1, 10.0.0.2")).isEqualTo("fd00::1");
    assertThat(resolver.resolve("10.0.0.1", null, "::ffff:198.51.100.7, 10.0.0.2")).isEqualTo("198.51.100.7");
    assertThat(resolver.resolve("10.0.0.1", null, "unknown, ::ffff:10.0.0.3")).isEqualTo("10.0.0.3");
  }

  /** The in-place IPv4 walk must agree with the ForwardedChain walk for every X-Forwarded-For header. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "198.51.100.7", "198.51.100.7, 10.0.0.2", "6.6.6.6, 198.51.100.7, 10.0.0.2", "10.0.0.8, 10.0.0.9", "10.0.0.8",
        "not an ip!!, 198.51.100.7", "198.51.100.7,", ",198.51.100.7", ",", " , ", "1.2.3.4:99999999", "1.2.3.4:", "1.2.3.4:_x",
        "1.2.3.4:80:90", "1.2.3.4:12345", "1.2.3.4:123456", "unknown", "10.0.0.5, unknown, 10.0.0.2", "_x", "unknownx, 10.0.0.2",
        "\"1.2.3.4\", 10.0.0.2", "1.2.3.4, \"10.0.0.2\"", "\"unterminated, 198.51.100.7", "0.0.0.0", "::", "0.0.0.0, 10.0.0.2",
        "256.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.4 5", "1.2.3.4\t,\t10.0.0.2", "\u00001.2.3.4", "[1.2.3.4]",
        "[::1]:80, 10.0.0.2", "10.0.0.2, [::1]", "fe80::1%eth0, 10.0.0.2", "255.255.255.255, 172.16.0.1, 192.168.9.9",
        "localhost, 10.0.0.2", "10.0.0.2:http"
      })
  void xForwardedForFastWalkAgreesWithTheGeneralWalk(String header) {
    for (String peer : List.of("10.0.0.1", "127.0.0.1", "::1", "::ffff:10.0.0.1")) {
      assertThat(resolver.resolve(peer, null, header)).as("peer %s, X-Forwarded-For %s", peer, header).isEqualTo(generalWalk(peer, header));
    }
  }

  /** The pre-existing algorithm: ForwardedChain over the whole header. */
  private static String generalWalk(String peer, String header) {
    CidrSet trusted = CidrSet.of(Policy.builtIn().trustedProxies());
    String peerText = peer.indexOf(':') < 0 ? peer : String.valueOf(dev.vigil.agent.net.IpAddress.parse(peer));
    ForwardedChain chain = ForwardedChain.xForwardedFor(header);
    dev.vigil.agent.net.IpAddress lastTrusted = null;
    for (dev.vigil.agent.net.IpAddress hop = chain.next(); hop != null; hop = chain.next()) {
      if (hop == ForwardedChain.MALFORMED) {
        return peerText;
      }
      if (hop == ForwardedChain.UNKNOWN) {
        return lastTrusted == null ? peerText : lastTrusted.toString();
      }
      if (!trusted.contains(hop)) {
        return hop.toString();
      }
      lastTrusted = hop;
    }
    return lastTrusted == null ? peerText : lastTrusted.toString();
  }

  @Test
  void aReturningForwardedClientGetsTheSameStringBack() {
    String first = resolver.resolve("10.0.0.1", null, "198.51.100.7, 10.0.0.2");
    assertThat(resolver.resolve("10.0.0.1", null, "198.51.100.7:80, 10.0.0.3")).isEqualTo("198.51.100.7").isSameAs(first);
    assertThat(resolver.resolve("10.0.0.1", null, "10.0.0.9, 10.0.0.2")).isEqualTo("10.0.0.9");
    assertThat(resolver.resolve("10.0.0.1", null, "unknown, 10.0.0.9")).isEqualTo("10.0.0.9");
  }

  @Test
  void recentHopCacheNeverReturnsAnotherAddress() {
    // far more addresses than cache slots, so slots collide and are overwritten; every answer stays exact
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < 4096; i++) {
        String client = "198." + (i >> 8) + "." + (i & 0xff) + "." + (7 + round);
        assertThat(resolver.resolve("10.0.0.1", null, client + ", 10.0.0.2")).isEqualTo(client);
        String shorter = "5." + (i & 0xff) + ".3." + (i >> 8); // not in a trusted range
        assertThat(resolver.resolve("10.0.0.1", null, "x, " + shorter + ":1, 10.0.0.2")).isEqualTo(shorter);
      }
    }
  }
}
