package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.it.harness.App;
import dev.vigil.it.harness.FrameworkApp;
import dev.vigil.it.harness.Http;
import dev.vigil.it.harness.Http.Resp;
import dev.vigil.it.harness.Jdk;
import dev.vigil.it.harness.Launchable;
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
 * A fake-account farm submitting {@code POST /signup} through a trusted proxy, against real apps with
 * the built-in defaults: from one address it gets 10 accounts an hour; rotating through a new /16 for
 * every submission with the same client headers, it is reported by the fingerprint's quota (which
 * only monitors: refusing by fingerprint would let anyone drain a popular browser's quota for
 * everyone); people signing up from their own addresses with their own browsers are never refused.
 */
@Timeout(120)
class SignUpAbuseTest {
    static Stream<Arguments> servers() {
        List<Arguments> targets = new ArrayList<>();
        for (Jdk jdk : Jdk.values()) {
            targets.add(Arguments.of(App.JETTY12, jdk));
        }
        targets.add(Arguments.of(FrameworkApp.SPRING_BOOT, Jdk.JAVA17));
        targets.add(Arguments.of(App.JDK_HTTPSERVER, Jdk.JAVA17));
        return targets.stream();
    }

    private static Resp signUp(ServerProcess server, String address, String userAgent, int n) {
        return Http.postForm(server, "/signup", "email=user" + n + "%40example.com&password=pw" + n, "X-Forwarded-For", address, "User-Agent", userAgent);
    }

    @ParameterizedTest(name = "built-in defaults on {0}, {1}")
    @MethodSource("servers")
    void aFarmGetsItsQuotaFromOneAddressAndFromABotnetAndPeopleAreNeverRefused(Launchable app, Jdk jdk) throws Exception {
        Assumptions.assumeTrue(jdk.available(), jdk + " not installed");
        try (ServerProcess server = ServerProcess.builder(app, jdk).name("sign-up").start().awaitListening()) {
            int fromOneAddress = 0;
            for (int n = 0; n < 50; n++) {
                Resp r = signUp(server, "203.0.113.80", "farm/1.0", n);
                assertThat(r.status).as("sign-up %d", n).isIn(201, 429);
                fromOneAddress += r.status == 201 ? 1 : 0;
            }
            assertThat(fromOneAddress).as("accounts created from one address").isEqualTo(10);

            int fromABotnet = 0;
            for (int n = 0; n < 150; n++) {
                Resp r = signUp(server, (11 + n) + "." + (n % 7) + ".3.4", "farm/1.0", 100 + n);
                assertThat(r.status).as("botnet sign-up %d", n).isIn(201, 429);
                fromABotnet += r.status == 201 ? 1 : 0;
            }
            assertThat(fromABotnet).as("accounts from 150 /16s with the same headers: reported, not refused").isEqualTo(150);

            for (int n = 0; n < 40; n++) {
                Resp r = signUp(server, "198.51." + n + ".20", "Mozilla/5.0 browser-" + n, 1_000 + n);
                assertThat(r.status).as("person %d signing up", n).isEqualTo(201);
            }
            assertThat(server.agentLines(l -> l.contains("rule=default-sign-up-and-reset-per-fingerprint") && l.contains("monitor")))
                    .as(server.describe("the fingerprint's report")).isNotEmpty();
            System.out.printf("[measured] sign-up farm on %s %s: %d of 50 from one address, %d of 150 from a botnet%n", app.id(), jdk, fromOneAddress, fromABotnet);
        }
    }
}
