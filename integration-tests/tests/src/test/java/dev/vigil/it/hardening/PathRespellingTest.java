package dev.vigil.it.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.it.harness.App;
import dev.vigil.it.harness.Jdk;
import dev.vigil.it.harness.RawHttp;
import dev.vigil.it.harness.RawHttp.Response;
import dev.vigil.it.harness.ServerProcess;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Evasion by respelling: once a caller has spent its burst on a GET-only rule, no spelling of the path
 * or the method that the server still routes to the same handler may get through. Each spelling is
 * either refused by Vigil (429) or not served by the handler at all (the server's own 400/404/405).
 */
@Timeout(120)
class PathRespellingTest {
  private static final String[] PATHS = {
    "/hello/", "//hello", "/./hello", "/x/../hello", "/hello;a=b", "/hello;jsessionid=1", "/%68ello", "/hell%6F",
    "/hello?x=1", "/hello#f", "/HELLO", "/hello%2F", "/hello%00", "/%2e/hello", "/hello/.", "/x/%2e%2e/hello", "/hello//",
  };
  private static final String[] METHODS = {"get", "Get", "HEAD"};

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("dev.vigil.it.hardening.HardeningServers#servers")
  void noSpellingOfAThrottledRouteReachesItsHandler(App app, Jdk jdk) {
    ServerProcess server = HardeningServers.get(app, jdk);
    for (boolean v6 : new boolean[] {false, true}) {
      String client = v6 ? "2001:db8:6::190" : "198.51.100.190";
      assertThat(hello(server, v6, "GET", "/hello", client).status).isEqualTo(200);
      assertThat(hello(server, v6, "GET", "/hello", client).status).isEqualTo(200);
      List<String> bypasses = new ArrayList<>();
      for (String path : PATHS) {
        check(bypasses, path, hello(server, v6, "GET", path, client));
      }
      for (String method : METHODS) {
        check(bypasses, method + " /hello", hello(server, v6, method, "/hello", client));
      }
      assertThat(bypasses).as("%s over %s: spellings the handler served past the burst", app, v6 ? "IPv6" : "IPv4").isEmpty();
    }
  }

  private static void check(List<String> bypasses, String what, Response r) {
    boolean served = r.status == 200 && (r.body.contains("hello /hello") || r.header("Content-Length").map(l -> l.equals("12")).orElse(false));
    if (served) bypasses.add(what + " -> " + r.status);
  }

  private static Response hello(ServerProcess server, boolean v6, String method, String path, String client) {
    RawHttp request = RawHttp.request(method, path).header("X-Forwarded-For", client);
    return v6 ? request.sendV6(server) : request.sendTo(server);
  }
}
