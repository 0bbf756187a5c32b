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
  private static final CidrSet TRUSTED = CidrSet.of(Policy.builtIn().trustedProxies());
  private final ClientAddressResolver resolver = new ClientAddressResolver(TRUSTED, ForwardingHeader.defaultHeader());
  private final ClientAddressResolver forwarded = new ClientAddressResolver(TRUSTED, ForwardingHeader.named("Forwarded"));
  private final ClientAddressResolver realIp = new ClientAddressResolver(TRUSTED, ForwardingHeader.named("X-Real-IP"));

  @Test
  void directPeerIsTheClientAndTheSameStringIsReturned() {
    String peer = "203.0.113.5";
    assertThat(resolver.resolve(peer, null)).isSameAs(peer);
    assertThat(resolver.resolve(peer, "")).isSameAs(peer);
    assertThat(resolver.resolve(peer, " ")).isSameAs(peer);
  }

  @Test
  void ipv6PeerIsCanonicalised() {
    assertThat(resolver.resolve("0:0:0:0:0:0:0:1", null)).isEqualTo("::1");
    assertThat(resolver.resolve("::ffff:203.0.113.5", null)).isEqualTo("203.0.113.5");
  }

  @Test
  void unknownPeer() {
    assertThat(resolver.resolve(null, "1.2.3.4")).isNull();
  }

  @Test
  void forgedHeaderFromUntrustedPeerIsIgnored() {
    assertThat(resolver.resolve("203.0.113.5", "1.1.1.1")).isEqualTo("203.0.113.5");
    assertThat(forwarded.resolve("203.0.113.5", "for=1.1.1.1")).isEqualTo("203.0.113.5");
    assertThat(realIp.resolve("203.0.113.5", "1.1.1.1")).isEqualTo("203.0.113.5");
  }

  @Test
  void trustedChainIsWalkedRightToLeft() {
    // client 198.51.100.7 -> proxy 10.0.0.2 -> proxy 10.0.0.1 (peer)
    assertThat(resolver.resolve("10.0.0.1", "198.51.100.7, 10.0.0.2")).isEqualTo("198.51.100.7");
    // a value forged by the client sits left of its real address and is never reached
    assertThat(resolver.resolve("10.0.0.1", "6.6.6.6, 198.51.100.7, 10.0.0.2")).isEqualTo("198.51.100.7");
  }

  @Test
  void garbageLeftOfTheClientCannotSpoilTheChain() {
    assertThat(resolver.resolve("10.0.0.1", "not an ip!!, 198.51.100.7")).isEqualTo("198.51.100.7");
    assertThat(forwarded.resolve("10.0.0.1", "for=\"unterminated, for=198.51.100.7")).isEqualTo("198.51.100.7");
  }

  @Test
  void multipleHeadersJoinedWithCommas() {
    assertThat(resolver.resolve("127.0.0.1", "198.51.100.7,10.1.1.1 ,  192.168.0.9")).isEqualTo("198.51.100.7");
  }

  @Test
  void allHopsTrustedMeansTheLeftmostIsTheClient() {
    assertThat(resolver.resolve("127.0.0.1", "10.0.0.8, 10.0.0.9")).isEqualTo("10.0.0.8");
  }

  @Test
  void forwardedIsReadWhenItIsTheNamedHeader() {
    assertThat(forwarded.resolve("127.0.0.1", "for=198.51.100.7;proto=https, for=10.0.0.2")).isEqualTo("198.51.100.7");
    assertThat(forwarded.resolve("127.0.0.1", "For=\"[2001:db8:cafe::17]:4711\"")).isEqualTo("2001:db8:cafe::17");
    assertThat(forwarded.resolve("127.0.0.1", "for=192.0.2.43:47011;by=10.0.0.1")).isEqualTo("192.0.2.43");
    assertThat(forwarded.resolve("127.0.0.1", "proto=http;for=\"192.0.2.60\";by=203.0.113.43")).isEqualTo("192.0.2.60");
    assertThat(forwarded.resolve("127.0.0.1", "for=\"[::ffff:192.0.2.1]\"")).isEqualTo("192.0.2.1");
  }

  @Test
  void unknownOrObfuscatedHopStopsAtTheProxyThatReportedIt() {
    assertThat(forwarded.resolve("127.0.0.1", "for=unknown, for=10.0.0.2")).isEqualTo("10.0.0.2");
    assertThat(forwarded.resolve("127.0.0.1", "for=_hidden, for=10.0.0.2")).isEqualTo("10.0.0.2");
    assertThat(forwarded.resolve("127.0.0.1", "for=_hidden")).isEqualTo("127.0.0.1");
    assertThat(resolver.resolve("127.0.0.1", "unknown")).isEqualTo("127.0.0.1");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "for=", "for=example.com", "by=10.0.0.1", "for=\"[2001:db8::1\"", "for=[2001:db8::1]", "for=1.2.3.4:http", ",", "for=\"1.2.3.4",
        "for=1.2.3.4;;;for=5", "\u0000\u0001"
      })
  void malformedForwardedFallsBackToThePeer(String header) {
    assertThat(forwarded.resolve("10.0.0.1", header)).isIn("10.0.0.1", "1.2.3.4", "2001:db8::1");
  }

  @Test
  void malformedHopsFallBackToThePeer() {
    assertThat(forwarded.resolve("10.0.0.1", "for=example.com")).isEqualTo("10.0.0.1");
    assertThat(forwarded.resolve("10.0.0.1", "by=10.0.0.1")).isEqualTo("10.0.0.1");
    assertThat(forwarded.resolve("10.0.0.1", "for=\"1.2.3.4")).isEqualTo("10.0.0.1");
    assertThat(resolver.resolve("10.0.0.1", "localhost")).isEqualTo("10.0.0.1");
    assertThat(resolver.resolve("10.0.0.1", "198.51.100.7,")).isEqualTo("10.0.0.1");
    assertThat(resolver.resolve("10.0.0.1", "1.2.3.4:99999999")).isEqualTo("10.0.0.1");
  }

  @Test
  void xForwardedForVariants() {
    assertThat(resolver.resolve("10.0.0.1", "198.51.100.7:5000")).isEqualTo("198.51.100.7");
    assertThat(resolver.resolve("10.0.0.1", "[2001:db8::7]:443")).isEqualTo("2001:db8::7");
    assertThat(resolver.resolve("10.0.0.1", "2001:DB8::7")).isEqualTo("2001:db8::7");
    assertThat(resolver.resolve("::1", "fd00::5, 2001:db8::9")).isEqualTo("2001:db8::9");
  }

  @Test
  void emptyTrustListIgnoresAllHeaders() {
    ClientAddressResolver none = new ClientAddressResolver(CidrSet.of(List.<Cidr>of()), ForwardingHeader.defaultHeader());
    assertThat(none.resolve("127.0.0.1", "5.6.7.8")).isEqualTo("127.0.0.1");
  }

  @Test
  void xForwardedForIpv4HopIsReturnedAsItsTextWithoutReformatting() {
    String header = "198.51.100.7";
    assertThat(resolver.resolve("10.0.0.1", header)).isSameAs(header);
    assertThat(resolver.resolve("10.0.0.1", " 198.51.100.7\t")).isEqualTo("198.51.100.7");
    assertThat(resolver.resolve("10.0.0.1", "198.51.100.7:443, 10.0.0.2:80")).isEqualTo("198.51.100.7");
    assertThat(resolver.resolve("10.0.0.1", "198.51.100.007")).isEqualTo("10.0.0.1"); // leading zero: malformed
    assertThat(resolver.resolve("10.0.0.1", "unknown, 10.0.0.2")).isEqualTo("10.0.0.2");
    assertThat(resolver.resolve("10.0.0.1", "_hidden, 10.0.0.2:8080")).isEqualTo("10.0.0.2");
    assertThat(resolver.resolve("10.0.0.1", "UNKNOWN")).isEqualTo("10.0.0.1");
  }

  @Test
  void xForwardedForMixingIpv4AndIpv6HopsMatchesTheGeneralWalk() {
    assertThat(resolver.resolve("10.0.0.1", "2001:db8::9, 10.0.0.2")).isEqualTo("2001:db8::9");
    assertThat(resolver.resolve("10.0.0.1", "198.51.100.7, fd00::1, 10.0.0.2")).isEqualTo("198.51.100.7");
    assertThat(resolver.resolve("10.0.0.1", "198.51.100.7, [fd00::1]:80")).isEqualTo("198.51.100.7");
    assertThat(resolver.resolve("10.0.0.1", "fd00::1, 10.0.0.2")).isEqualTo("fd00::1");
    assertThat(resolver.resolve("10.0.0.1", "::ffff:198.51.100.7, 10.0.0.2")).isEqualTo("198.51.100.7");
    assertThat(resolver.resolve("10.0.0.1", "unknown, ::ffff:10.0.0.3")).isEqualTo("10.0.0.3");
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
      assertThat(resolver.resolve(peer, header)).as("peer %s, X-Forwarded-For %s", peer, header).isEqualTo(generalWalk(peer, header));
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
    String first = resolver.resolve("10.0.0.1", "198.51.100.7, 10.0.0.2");
    assertThat(resolver.resolve("10.0.0.1", "198.51.100.7:80, 10.0.0.3")).isEqualTo("198.51.100.7").isSameAs(first);
    assertThat(resolver.resolve("10.0.0.1", "10.0.0.9, 10.0.0.2")).isEqualTo("10.0.0.9");
    assertThat(resolver.resolve("10.0.0.1", "unknown, 10.0.0.9")).isEqualTo("10.0.0.9");
  }

  @Test
  void recentHopCacheNeverReturnsAnotherAddress() {
    // far more addresses than cache slots, so slots collide and are overwritten; every answer stays exact
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < 4096; i++) {
        String client = "198." + (i >> 8) + "." + (i & 0xff) + "." + (7 + round);
        assertThat(resolver.resolve("10.0.0.1", client + ", 10.0.0.2")).isEqualTo(client);
        String shorter = "5." + (i & 0xff) + ".3." + (i >> 8); // not in a trusted range
        assertThat(resolver.resolve("10.0.0.1", "x, " + shorter + ":1, 10.0.0.2")).isEqualTo(shorter);
      }
    }
  }

  @Test
  void aSecondLineAppendedByTheProxyIsTheOneBelieved() {
    // HAProxy's option forwardfor appends its own line; the advice joins the lines in order
    String joined = dev.vigil.bootstrap.HeaderLines.join(List.of("192.0.2.1", "203.0.113.66"));
    assertThat(resolver.resolve("127.0.0.1", joined)).isEqualTo("203.0.113.66");
    assertThat(resolver.resolve("127.0.0.1", dev.vigil.bootstrap.HeaderLines.join(List.of("192.0.2.1, 10.0.0.2", "2001:db8::66"))))
        .isEqualTo("2001:db8::66");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[0:0:0:0:0:0:0:1]", "0:0:0:0:0:0:0:1", "::1", "[::1]", "::1%lo", "[::1%1]", "0:0:0:0:0:0:0:1%0"})
  void everySpellingOfAnIpv6PeerIsOneAddressAndATrustedProxy(String peer) {
    assertThat(resolver.resolve(peer, null)).isEqualTo("::1");
    assertThat(resolver.resolve(peer, "198.51.100.7")).as("an IPv6 proxy is trusted").isEqualTo("198.51.100.7");
  }

  @Test
  void ipv4MappedAndBracketedPeersAreFolded() {
    assertThat(resolver.resolve("[::ffff:127.0.0.1]", "198.51.100.7")).isEqualTo("198.51.100.7");
    assertThat(resolver.resolve("::ffff:203.0.113.5", "198.51.100.7")).isEqualTo("203.0.113.5");
    assertThat(resolver.resolve("[2001:DB8::0:1]", null)).isEqualTo("2001:db8::1");
    assertThat(resolver.resolve("[not an address]", null)).isEqualTo("[not an address]");
  }

  @Test
  void singleAddressHeaderTakesItsLastValueWithoutWalking() {
    assertThat(realIp.resolve("127.0.0.1", "198.51.100.7")).isEqualTo("198.51.100.7");
    assertThat(realIp.resolve("127.0.0.1", "10.0.0.5")).as("a private client is still the client").isEqualTo("10.0.0.5");
    assertThat(realIp.resolve("127.0.0.1", "6.6.6.6, 198.51.100.7")).as("the edge proxy's line is the last").isEqualTo("198.51.100.7");
    assertThat(realIp.resolve("127.0.0.1", "2001:db8::7")).isEqualTo("2001:db8::7");
    assertThat(realIp.resolve("127.0.0.1", "garbage")).isEqualTo("127.0.0.1");
    assertThat(realIp.resolve("127.0.0.1", "unknown")).isEqualTo("127.0.0.1");
  }

  @Test
  void onlyTheNamedHeaderCounts() {
    // what the advice hands over is the named header only: an X-Forwarded-For value given to a
    // Forwarded resolver is not RFC 7239 syntax and falls back to the peer
    assertThat(forwarded.resolve("127.0.0.1", "192.0.2.1")).isEqualTo("127.0.0.1");
    assertThat(ForwardingHeader.named("x-forwarded-for")).isSameAs(ForwardingHeader.defaultHeader());
    assertThat(ForwardingHeader.named("FORWARDED").format()).isEqualTo(ForwardingHeader.Format.RFC_7239);
    assertThat(ForwardingHeader.named("CF-Connecting-IP").format()).isEqualTo(ForwardingHeader.Format.SINGLE_ADDRESS);
  }

  @Test
  void aLongChainOfTrustedHopsResolvesToItsLeftmost() {
    // every hop trusted: the walk reads the whole header, one bounded search per hop (it used to scan
    // to the header's end for each hop, quadratic in the header's length)
    String hops = String.join(", ", java.util.Collections.nCopies(20_000, "10.0.0.1"));
    assertThat(resolver.resolve("10.0.0.2", "10.9.9.9, " + hops)).isEqualTo("10.9.9.9");
    assertThat(forwarded.resolve("10.0.0.2", "for=10.9.9.9, " + hops.replace("10.0.0.1", "for=10.0.0.1"))).isEqualTo("10.9.9.9");
  }
}
