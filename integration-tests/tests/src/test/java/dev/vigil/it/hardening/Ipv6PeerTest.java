package dev.vigil.it.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.it.harness.App;
import dev.vigil.it.harness.AuditLog;
import dev.vigil.it.harness.Jdk;
import dev.vigil.it.harness.RawHttp;
import dev.vigil.it.harness.RawHttp.Response;
import dev.vigil.it.harness.ServerProcess;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Finding 3: Jetty 12 reports IPv6 peers as {@code [0:0:0:0:0:0:0:1]}, with brackets. The address parser
 * rejected them, so a deny list naming {@code ::1/128} answered 200, subnet keys and lockouts never
 * applied to IPv6 clients, and an IPv6 proxy was never trusted. Peers are normalised now, whatever the
 * server's spelling, before any key, list or subnet is computed.
 */
@Timeout(120)
class Ipv6PeerTest {
  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("dev.vigil.it.hardening.HardeningServers#servers")
  void aDirectIpv6PeerIsOneCanonicalCallerWithASubnetKey(App app, Jdk jdk) {
    ServerProcess server = HardeningServers.get(app, jdk);
    Response whoami = RawHttp.request("GET", "/whoami").sendV6(server);
    System.out.printf("[measured] %s on %s reports the IPv6 peer as %s%n", app, jdk, whoami.body.trim());
    // per-subnet: /net/**, key subnet, burst 2; no forwarding header, so the peer ::1 is the client
    assertThat(RawHttp.request("GET", "/net/a").sendV6(server).status).isNotEqualTo(429);
    assertThat(RawHttp.request("GET", "/net/b").sendV6(server).status).isNotEqualTo(429);
    Response third = RawHttp.request("GET", "/net/c").sendV6(server);
    assertThat(third.status).as("%s: the third request from ::/64 (burst 2): %s", app, third).isEqualTo(429);
    Map<String, Object> entry = HardeningServers.audit(app, jdk).await(
        e -> "per-subnet".equals(e.get("rule")) && "subnet:::/64".equals(e.get("key")), Duration.ofSeconds(5));
    assertThat(entry).as("the peer in its canonical spelling").containsEntry("client", "::1");
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("dev.vigil.it.hardening.HardeningServers#servers")
  void anIpv6ProxyIsTrusted(App app, Jdk jdk) {
    ServerProcess server = HardeningServers.get(app, jdk);
    Response denied = RawHttp.request("GET", "/hello").header("X-Forwarded-For", "2001:db8:dead::140").sendV6(server);
    assertThat(denied.status).as("%s: the client behind the ::1 proxy is deny-listed: %s", app, denied).isEqualTo(403);
    Response allowed = RawHttp.request("GET", "/hello").header("X-Forwarded-For", "198.51.100.141").sendV6(server);
    assertThat(allowed.status).as("%s: an IPv4 client behind the IPv6 proxy", app).isEqualTo(200);
    HardeningServers.audit(app, jdk).await(e -> "2001:db8:dead::140".equals(e.get("client")), Duration.ofSeconds(5));
  }

  /** The reported case: a deny list naming ::1/128, on Jetty 12, which spells the peer with brackets. */
  @ParameterizedTest(name = "{0}")
  @EnumSource(Jdk.class)
  void aDenyListNamingTheIpv6LoopbackRefusesIt(Jdk jdk) {
    String policy = String.join("\n",
        "trustedProxies: []",
        "deny: [\"::1/128\"]",
        "audit: { file: ${AUDIT} }",
        "rules: []",
        "");
    try (ServerProcess server = HardeningServers.startWith(App.JETTY12, jdk, "deny-v6-loopback", policy).awaitListening()) {
      Response v6 = RawHttp.request("GET", "/hello").sendV6(server);
      assertThat(v6.status).as("from [::1]: %s", v6).isEqualTo(403);
      assertThat(v6.header("X-App")).isEmpty();
      assertThat(RawHttp.request("GET", "/hello").sendTo(server).status).as("from 127.0.0.1").isEqualTo(200);
      new AuditLog(server.workDir.resolve("audit.jsonl")).await(e -> "::1".equals(e.get("client")) && "deny-list".equals(e.get("rule")), Duration.ofSeconds(5));
    }
  }
}
