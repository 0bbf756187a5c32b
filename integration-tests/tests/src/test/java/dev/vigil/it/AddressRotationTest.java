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
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Credential stuffing that rotates its address through a trusted proxy (the loopback peer, trusted
 * by default, forwards {@code X-Forwarded-For}) so that no address or /24 sees more than one
 * attempt: 200 accounts from 200 subnets of one /16, then 300 accounts from 300 IPv6 /64s of one /48.
 * With the built-in defaults, the wide network's stuffing lockout stops each after 30 accounts, on an
 * app that checks passwords itself (Jetty, form read after the answer) and on Spring Security (the
 * authentication hook); the real user from another network still gets in. Before, 199 of 200 and
 * 300 of 300 reached the check.
 */
@Timeout(180)
class AddressRotationTest {
    static Stream<Arguments> servers() {
        List<Arguments> targets = new ArrayList<>();
        for (Jdk jdk : Jdk.values()) {
            targets.add(Arguments.of(App.JETTY12, jdk));
        }
        targets.add(Arguments.of(FrameworkApp.SPRING_BOOT, Jdk.JAVA17));
        return targets.stream();
    }

    private static Resp login(ServerProcess server, String client, String user, String password) {
        return Http.postForm(server, "/login", "username=" + user + "&password=" + password, "X-Forwarded-For", client);
    }

    private static int checks(ServerProcess server) {
        return Integer.parseInt(Http.get(server, "/realm-calls").body.trim());
    }

    /** Password checks the app made for {@code attempts} accounts, one from each address {@code source} gives. */
    private static int reachedTheCheck(ServerProcess server, int attempts, String prefix, IntFunction<String> source) {
        int before = checks(server);
        for (int i = 0; i < attempts; i++) {
            int status = login(server, source.apply(i), prefix + i, "Summer2026!").status;
            assertThat(status).as("attempt %d: the app's failure or a refusal", i).isIn(401, 302, 429);
        }
        return checks(server) - before;
    }

    @ParameterizedTest(name = "built-in defaults on {0}, {1}")
    @MethodSource("servers")
    void stuffingSpreadOverASlashSixteenOrASlashFortyEightIsStoppedAfterThirtyAccounts(Launchable app, Jdk jdk) throws Exception {
        Assumptions.assumeTrue(jdk.available(), jdk + " not installed");
        try (ServerProcess server = ServerProcess.builder(app, jdk).name("rotation").start().awaitListening()) {
            int v4 = reachedTheCheck(server, 200, "v4user", i -> "198.18." + i + "." + (1 + i % 250));
            int v6 = reachedTheCheck(server, 300, "v6user", i -> "2001:db8:77:" + Integer.toHexString(i) + "::" + Integer.toHexString(i + 1));
            assertThat(v4).as("of 200 accounts from 200 subnets of one /16").isEqualTo(30);
            assertThat(v6).as("of 300 accounts from 300 /64s of one /48").isEqualTo(30);
            Resp realUser = login(server, "192.0.2.44", "alice", "secret");
            assertThat(realUser.status).as("the real user from another network: " + realUser).isIn(200, 302);
            if (realUser.status == 302) {
                assertThat(realUser.header("Location")).hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));
            }
            assertThat(server.agentLines(l -> l.contains("rule=stuffing-network"))).as(server.describe("the lockout notices")).isNotEmpty();
            System.out.printf("[measured] rotation on %s %s: /16 %d of 200 reached the check, /48 %d of 300%n", app.id(), jdk, v4, v6);
        }
    }
}
