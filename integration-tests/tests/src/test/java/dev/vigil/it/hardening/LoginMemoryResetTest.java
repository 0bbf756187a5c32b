package dev.vigil.it.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.it.harness.FrameworkApp;
import dev.vigil.it.harness.Jdk;
import dev.vigil.it.harness.RawHttp;
import dev.vigil.it.harness.RawHttp.Response;
import dev.vigil.it.harness.ServerProcess;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Resetting what Vigil remembers: an attacker guessing a victim's password logs into an account of its
 * own from the same address, hoping the success wipes the count. A success resets only its own
 * username+address: the victim's count goes on, and the lockout comes at the threshold as before.
 */
@Timeout(180)
class LoginMemoryResetTest {
  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("dev.vigil.it.hardening.HardeningServers#springApps")
  void aSuccessOnAnotherAccountDoesNotResetTheVictimsCount(FrameworkApp app, Jdk jdk) {
    ServerProcess server = HardeningServers.get(app, jdk);
    String attacker = "198.51.100.200";
    int checks = checks(server);
    for (int i = 1; i <= 4; i++) {
      assertThat(login(server, attacker, "alice", "guess" + i).header("Location")).hasValueSatisfying(l -> assertThat(l).contains("error"));
    }
    assertThat(login(server, attacker, "j%C3%BCrgen", "secret").header("Location"))
        .as("%s: the attacker's own account", app).hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));
    assertThat(login(server, attacker, "alice", "guess5").header("Location")).hasValueSatisfying(l -> assertThat(l).contains("error"));
    assertThat(checks(server) - checks).as("%s: password checks so far", app).isEqualTo(6);
    Response sixth = login(server, attacker, "alice", "secret");
    assertThat(sixth.header("Location")).as("%s: alice+address locked after 5 failures, even with the password", app)
        .hasValueSatisfying(l -> assertThat(l).contains("error"));
    assertThat(checks(server) - checks).as("%s: the locked attempt never reached the user store", app).isEqualTo(6);
  }

  private static Response login(ServerProcess server, String client, String user, String password) {
    return RawHttp.request("POST", "/login").header("X-Forwarded-For", client).form("username=" + user + "&password=" + password).sendTo(server);
  }

  private static int checks(ServerProcess server) {
    return Integer.parseInt(RawHttp.request("GET", "/realm-calls").header("X-Forwarded-For", "198.51.100.250").sendTo(server).body.trim());
  }
}
