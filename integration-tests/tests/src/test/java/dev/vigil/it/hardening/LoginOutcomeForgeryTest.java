package dev.vigil.it.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.it.harness.App;
import dev.vigil.it.harness.Jdk;
import dev.vigil.it.harness.RawHttp;
import dev.vigil.it.harness.RawHttp.Response;
import dev.vigil.it.harness.ServerProcess;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Forging a success (found by the attacker's review of the hardening): a login route whose handler
 * threw was read as the app's default 200 while the exception was still on its way to the container,
 * so it counted as a successful login. One such request named the victim and made the attacker's
 * address a known source for it, which the per-user lockout lets through. A thrown handler (the
 * container's 500) and unfinished async work say nothing about a login now.
 */
@Timeout(180)
class LoginOutcomeForgeryTest {
  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("dev.vigil.it.hardening.HardeningServers#servers")
  void aThrowingLoginHandlerDoesNotMakeTheAttackerAKnownSource(App app, Jdk jdk) {
    Assumptions.assumeTrue(app == App.TOMCAT11 || app == App.JETTY12, "a realm or login service guards /secure/* on Tomcat 11 and Jetty 12");
    ServerProcess server = HardeningServers.get(app, jdk);
    String victim = "victim-" + app.id;
    // 30 failures from 30 addresses: the per-user lockout now holds every source that is not known
    for (int i = 1; i <= 30; i++) {
      assertThat(basic(server, null, victim, "guess" + i, i).status).isEqualTo(401);
    }
    String attacker = "198.51.100.240";
    Response thrown = RawHttp.request("POST", "/echo/throw").header("X-Forwarded-For", attacker).form("user=" + victim).sendTo(server);
    assertThat(thrown.status).as("%s: the login code failed: %s", app, thrown).isEqualTo(500);
    int checks = passwordChecks(server);
    assertThat(basic(server, attacker, victim, "guess31", 0).status).isEqualTo(401);
    assertThat(passwordChecks(server)).as("%s: the attacker's next guess is held before the password check", app).isEqualTo(checks);
  }

  private static Response basic(ServerProcess server, String client, String user, String password, int i) {
    String credentials = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    // each guess from an address of its own (100.70.i.1), so that no address or network scope trips
    return RawHttp.request("GET", "/secure/hello").header("Authorization", "Basic " + credentials)
        .header("X-Forwarded-For", i == 0 ? client : "100.70." + i + ".1").sendTo(server);
  }

  private static int passwordChecks(ServerProcess server) {
    return ForwardedHeaderLinesTest.passwordChecks(server);
  }
}
