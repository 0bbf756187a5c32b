package dev.vigil.it.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.it.harness.App;
import dev.vigil.it.harness.FrameworkApp;
import dev.vigil.it.harness.Jdk;
import dev.vigil.it.harness.RawHttp;
import dev.vigil.it.harness.RawHttp.Response;
import dev.vigil.it.harness.ServerProcess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Finding 7: {@code key: user} rules never applied on Spring Security apps: at the outermost filter there
 * is no principal yet, and a rule whose key is absent was skipped silently. The request now waits for
 * its principal, and the first inner filter or servlet that sees one (past Spring's filters) applies the
 * user's rules. The POLICY's per-user rule: /secure/**, key user, burst 2.
 */
@Timeout(180)
class UserKeyedRuleTest {
  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("dev.vigil.it.hardening.HardeningServers#springApps")
  void httpBasicUsersAreLimitedPerUserWhateverTheirAddress(FrameworkApp app, Jdk jdk) {
    ServerProcess server = HardeningServers.get(app, jdk);
    String basic = "Basic " + Base64.getEncoder().encodeToString("alice:secret".getBytes(StandardCharsets.UTF_8));
    List<Response> answers = new java.util.ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      // a new address each time: the key is the user, not the address
      RawHttp get = RawHttp.request("GET", "/secure/hello").header("Authorization", basic).header("X-Forwarded-For", "198.51.100." + (160 + i));
      answers.add(i == 2 ? get.sendV6(server) : get.sendTo(server));
    }
    assertThat(answers.get(0).status).as("%s 1st: %s", app, answers.get(0)).isEqualTo(200);
    assertThat(answers.get(0).body).isEqualTo("hello alice");
    assertThat(answers.get(1).status).as("%s 2nd", app).isEqualTo(200);
    assertThat(answers.get(2).status).as("%s 3rd request of alice (burst 2): %s", app, answers.get(2)).isEqualTo(429);
    assertThat(answers.get(2).header("Retry-After")).isPresent();
    HardeningServers.audit(app, jdk).await(e -> "per-user".equals(e.get("rule")) && "user:alice".equals(e.get("key")), Duration.ofSeconds(5));
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("dev.vigil.it.hardening.HardeningServers#springApps")
  void aFormLoginSessionIsLimitedPerUser(FrameworkApp app, Jdk jdk) {
    ServerProcess server = HardeningServers.get(app, jdk);
    Response login = RawHttp.request("POST", "/login").header("X-Forwarded-For", "198.51.100.170")
        .form("username=j%C3%BCrgen&password=secret").sendTo(server);
    assertThat(login.status).as("%s form login: %s", app, login).isEqualTo(302);
    String cookie = login.headers.getOrDefault("set-cookie", List.of()).stream()
        .filter(c -> c.startsWith("JSESSIONID=")).map(c -> c.substring(0, c.indexOf(';'))).findFirst()
        .orElseThrow(() -> new AssertionError(app + ": no session cookie in " + login));
    int[] statuses = new int[3];
    for (int i = 0; i < 3; i++) {
      statuses[i] = RawHttp.request("GET", "/secure/hello").header("Cookie", cookie).header("X-Forwarded-For", "198.51.100." + (171 + i)).sendTo(server).status;
    }
    assertThat(statuses).as("%s: the session's user (burst 2)", app).containsExactly(200, 200, 429);
    HardeningServers.audit(app, jdk).await(e -> "per-user".equals(e.get("rule")) && "user:j\u00fcrgen".equals(e.get("key")), Duration.ofSeconds(5));
  }

  /** Containers that authenticate ahead of the filters (a Tomcat realm, a Jetty login service) had the user at entry already. */
  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("dev.vigil.it.hardening.HardeningServers#servers")
  void containerAuthenticatedUsersAreLimitedToo(App app, Jdk jdk) {
    Assumptions.assumeTrue(app == App.TOMCAT11 || app == App.JETTY12, "only the Tomcat 11 and Jetty 12 test apps guard /secure/* with BASIC auth");
    ServerProcess server = HardeningServers.get(app, jdk);
    String basic = "Basic " + Base64.getEncoder().encodeToString("alice:secret".getBytes(StandardCharsets.UTF_8));
    int[] statuses = new int[3];
    for (int i = 0; i < 3; i++) {
      statuses[i] = RawHttp.request("GET", "/secure/hello").header("Authorization", basic).header("X-Forwarded-For", "198.51.100." + (175 + i)).sendTo(server).status;
    }
    assertThat(statuses).as("%s: alice (burst 2)", app).containsExactly(200, 200, 429);
  }
}
