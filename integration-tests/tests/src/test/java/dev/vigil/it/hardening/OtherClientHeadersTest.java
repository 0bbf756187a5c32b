package dev.vigil.it.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.it.harness.App;
import dev.vigil.it.harness.Jdk;
import dev.vigil.it.harness.RawHttp;
import dev.vigil.it.harness.RawHttp.Response;
import dev.vigil.it.harness.ServerProcess;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Spoofing through the headers Vigil does not believe: with X-Forwarded-For named (the default), a
 * deny-listed client behind the proxy that writes it stays deny-listed whatever else it sends, and an
 * address in any other header never becomes a caller key.
 */
@Timeout(120)
class OtherClientHeadersTest {
  private static final String[] OTHERS = {"X-Real-IP", "True-Client-IP", "CF-Connecting-IP", "X-Client-IP", "X-Cluster-Client-IP", "Fastly-Client-IP", "Forwarded", "X-Forwarded"};

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("dev.vigil.it.hardening.HardeningServers#servers")
  void onlyTheNamedHeaderNamesTheClient(App app, Jdk jdk) {
    ServerProcess server = HardeningServers.get(app, jdk);
    for (String header : OTHERS) {
      String allowListed = header.startsWith("Forwarded") ? "for=192.0.2.7" : "192.0.2.7";
      Response r = RawHttp.request("GET", "/hello").header(header, allowListed).header("X-Forwarded-For", "203.0.113.191").sendTo(server);
      assertThat(r.status).as("%s: %s names an allow-listed address: %s", app, header, r).isEqualTo(403);
    }
    // and a caller cannot make another one pay: its own bucket is charged whatever the other headers say
    for (int i = 1; i <= 3; i++) {
      RawHttp request = RawHttp.request("GET", "/hello").header("X-Forwarded-For", "198.51.100.192");
      for (String header : OTHERS) {
        request.header(header, header.startsWith("Forwarded") ? "for=198.51.100.193" : "198.51.100.193");
      }
      assertThat(request.sendV6(server).status).as("%s request %d", app, i).isEqualTo(i <= 2 ? 200 : 429);
    }
    assertThat(RawHttp.request("GET", "/hello").header("X-Forwarded-For", "198.51.100.193").sendTo(server).status)
        .as("%s: the address named in the other headers was never charged", app).isEqualTo(200);
  }
}
