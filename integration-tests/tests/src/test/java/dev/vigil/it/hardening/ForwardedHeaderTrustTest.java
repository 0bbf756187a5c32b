package dev.vigil.it.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.it.harness.App;
import dev.vigil.it.harness.AuditLog;
import dev.vigil.it.harness.Jdk;
import dev.vigil.it.harness.RawHttp;
import dev.vigil.it.harness.RawHttp.Response;
import dev.vigil.it.harness.ServerProcess;
import java.time.Duration;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Finding 2: proxies that write only {@code X-Forwarded-For} (nginx's usual setup, HAProxy, most cloud
 * load balancers) pass a client-written {@code Forwarded} through untouched, and Vigil used to prefer it:
 * any client chose its address, escaped its limits and could lock a victim out. Only the one header the
 * operator names ({@code clientIpHeader}, X-Forwarded-For by default) is believed now.
 */
@Timeout(120)
class ForwardedHeaderTrustTest {
  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("dev.vigil.it.hardening.HardeningServers#servers")
  void aClientWrittenForwardedHeaderIsIgnoredByDefault(App app, Jdk jdk) {
    ServerProcess server = HardeningServers.get(app, jdk);
    Response escape = RawHttp.request("GET", "/hello")
        .header("Forwarded", "for=192.0.2.1")               // forged: allow-listed
        .header("X-Forwarded-For", "203.0.113.130")         // the proxy's: deny-listed
        .sendTo(server);
    assertThat(escape.status).as("%s: %s", app, escape).isEqualTo(403);
    Response escapeV6 = RawHttp.request("GET", "/hello")
        .header("Forwarded", "for=\"[2001:db8:a11::1]\"")
        .header("X-Forwarded-For", "2001:db8:dead::130")
        .sendV6(server);
    assertThat(escapeV6.status).as("%s over IPv6: %s", app, escapeV6).isEqualTo(403);

    // an attacker naming its victim in Forwarded spends its own bucket, not the victim's
    String victim = "198.51.100.131";
    for (int i = 1; i <= 4; i++) {
      Response r = RawHttp.request("GET", "/hello").header("Forwarded", "for=" + victim).header("X-Forwarded-For", "198.51.100.132").sendTo(server);
      assertThat(r.status).as("%s attacker request %d", app, i).isEqualTo(i <= 2 ? 200 : 429);
    }
    Response victimRequest = RawHttp.request("GET", "/hello").header("X-Forwarded-For", victim).sendTo(server);
    assertThat(victimRequest.status).as("%s: the victim was never charged: %s", app, victimRequest).isEqualTo(200);
    AuditLog audit = HardeningServers.audit(app, jdk);
    audit.await(e -> "198.51.100.132".equals(e.get("client")) && "get-only".equals(e.get("rule")), Duration.ofSeconds(5));
    assertThat(audit.entries()).noneMatch(e -> victim.equals(e.get("client")));
  }

  /** The operator who runs a proxy that writes RFC 7239 names it; then X-Forwarded-For is the forgeable one. */
  @ParameterizedTest(name = "{0}")
  @EnumSource(Jdk.class)
  void forwardedIsBelievedOnlyWhenNamedAndThenXForwardedForIsIgnored(Jdk jdk) {
    try (ServerProcess server = HardeningServers.startWith(App.JDK_HTTPSERVER, jdk, "forwarded", policy("Forwarded")).awaitListening()) {
      assertThat(RawHttp.request("GET", "/hello").header("Forwarded", "for=203.0.113.133;proto=https").sendTo(server).status)
          .as("Forwarded names a deny-listed client").isEqualTo(403);
      assertThat(RawHttp.request("GET", "/hello").header("Forwarded", "for=\"[2001:db8:dead::133]:4711\"").sendV6(server).status)
          .as("an IPv6 client in Forwarded").isEqualTo(403);
      assertThat(RawHttp.request("GET", "/hello").header("X-Forwarded-For", "203.0.113.133").sendTo(server).status)
          .as("X-Forwarded-For is not the named header: the loopback peer is the client").isEqualTo(200);
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Jdk.class)
  void aSingleAddressHeaderIsTheLastValueItCarries(Jdk jdk) {
    try (ServerProcess server = HardeningServers.startWith(App.JDK_HTTPSERVER, jdk, "x-real-ip", policy("X-Real-IP")).awaitListening()) {
      assertThat(RawHttp.request("GET", "/hello").header("X-Real-IP", "203.0.113.134").sendTo(server).status).isEqualTo(403);
      assertThat(RawHttp.request("GET", "/hello").header("X-Real-IP", "192.0.2.1").header("X-Real-IP", "203.0.113.134").sendV6(server).status)
          .as("a second line, set by the edge proxy, wins").isEqualTo(403);
      assertThat(RawHttp.request("GET", "/hello").header("X-Forwarded-For", "203.0.113.134").header("Forwarded", "for=203.0.113.134").sendTo(server).status)
          .as("the other headers are ignored").isEqualTo(200);
    }
  }

  private static String policy(String header) {
    return String.join("\n",
        "clientIpHeader: " + header,
        "trustedProxies: [127.0.0.0/8, \"::1/128\"]",
        "deny: [203.0.113.0/24, \"2001:db8:dead::/48\"]",
        "audit: { file: ${AUDIT} }",
        "rules: []",
        "");
  }
}
