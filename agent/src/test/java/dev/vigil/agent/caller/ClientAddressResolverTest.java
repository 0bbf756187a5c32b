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
}
