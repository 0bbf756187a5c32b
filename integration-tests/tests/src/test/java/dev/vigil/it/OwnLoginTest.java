package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.it.harness.App;
import dev.vigil.it.harness.Http;
import dev.vigil.it.harness.Http.Resp;
import dev.vigil.it.harness.Jdk;
import dev.vigil.it.harness.ServerProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An app that checks passwords itself ({@code POST /login} answers 401 for a wrong one), with no
 * framework hook and no login route configured, and the built-in defaults: its own failures count
 * as logins, so guesses from one address stop reaching the check once the address's own scope locks
 * (20 failures: a form's username is only read after the app answered, so on the way in the attempt
 * is judged by its source; with HTTP Basic the username is seen at once and its user+address scope
 * stops it at 5, OwnLoginFailuresTest), while the real user elsewhere gets in. Before, all 30 reached
 * the check.
 */
@Timeout(120)
class OwnLoginTest {
    private static final String ATTACKER = "203.0.113.70";

    static Stream<Arguments> targets() {
        List<Arguments> targets = new ArrayList<>();
        for (Jdk jdk : Jdk.values()) {
            targets.add(Arguments.of(App.JETTY12, jdk, 20));
            targets.add(Arguments.of(App.JDK_HTTPSERVER, jdk, 20));
        }
        return targets.stream();
    }

    private static Resp login(ServerProcess server, String client, String password) {
        return Http.postForm(server, "/login", "username=alice&password=" + password, "X-Forwarded-For", client);
    }

    private static int checks(ServerProcess server) {
        return Integer.parseInt(Http.get(server, "/realm-calls").body.trim());
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("targets")
    void pacedGuessesOnOneAccountStopReachingTheAppsOwnCheck(App app, Jdk jdk, int threshold) throws Exception {
        Assumptions.assumeTrue(jdk.available(), jdk + " not installed");
        try (ServerProcess server = ServerProcess.builder(app, jdk).name("own-login").start().awaitListening()) {
            int refused = 0;
            for (int attempt = 1; attempt <= 30; attempt++) {
                Resp r = login(server, ATTACKER, "guess" + attempt);
                if (r.status == 429) {
                    refused++;
                } else {
                    assertThat(r.status).as("attempt %d: the app's own answer", attempt).isEqualTo(401);
                }
            }
            // the JDK HttpServer sends the 401 before its exit is counted, so the next guess can arrive first: one more, at most
            int slack = app == App.JDK_HTTPSERVER ? 1 : 0;
            assertThat(checks(server)).as("wrong passwords that reached the app's check").isBetween(threshold, threshold + slack);
            assertThat(refused).isEqualTo(30 - checks(server));
            assertThat(login(server, ATTACKER, "secret").status).as("even the right password, from the locked source").isEqualTo(429);
            assertThat(login(server, "198.51.100.77", "secret").status).as("the real user from elsewhere").isEqualTo(200);
            System.out.printf("[measured] own login on %s (%s): %d of 30 guesses reached the check%n", app, jdk, checks(server) - 1);
        }
    }
}
