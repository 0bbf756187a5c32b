package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.it.harness.FrameworkApp;
import dev.vigil.it.harness.Http;
import dev.vigil.it.harness.Http.Resp;
import dev.vigil.it.harness.ItEnv;
import dev.vigil.it.harness.Jdk;
import dev.vigil.it.harness.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Known-device cookies on a real Spring Security form login (turned on by the policy; plain HTTP
 * here, so without {@code Secure}): alice's successful login gives her browser a signed, HttpOnly
 * cookie beside Spring's own session cookie; an attacker spraying wrong passwords for alice from 30
 * networks starts her per-user lockout; alice from an address she never used is then refused the
 * Spring way without the cookie, and let in with it.
 */
@Timeout(120)
class DeviceCookieTest {
    private static final String POLICY = String.join("\n",
            "trustedProxies: [127.0.0.0/8]",
            "rules: []",
            "login: { deviceCookies: { enabled: true, secure: false } }",
            "");

    static Stream<Arguments> targets() {
        return Stream.of(Arguments.of(FrameworkApp.SPRING_BOOT, Jdk.JAVA17), Arguments.of(FrameworkApp.SPRING_BOOT4, Jdk.JAVA25));
    }

    private static Resp form(ServerProcess server, String client, String password, String... cookie) {
        String[] headers = cookie.length == 0 ? new String[] {"X-Forwarded-For", client} : new String[] {"X-Forwarded-For", client, "Cookie", cookie[0]};
        return Http.postForm(server, "/login", "username=alice&password=" + password, headers);
    }

    private static boolean loggedIn(Resp r) {
        return r.status == 302 && r.header("Location").map(l -> !l.contains("error")).orElse(false);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("targets")
    void aKnownDevicePassesTheUserLockoutFromANewAddress(FrameworkApp app, Jdk jdk) throws Exception {
        Assumptions.assumeTrue(jdk.available(), jdk + " not installed");
        Path dir = ItEnv.newWorkDir(app.id() + "-" + jdk.label() + "-device-cookie");
        Path policy = dir.resolve("vigil.yaml");
        Files.writeString(policy, POLICY);
        try (ServerProcess server = ServerProcess.builder(app, jdk).name("device-cookie").workDir(dir).policy(policy).start().awaitListening()) {
            Resp first = form(server, "198.51.100.7", "secret");
            assertThat(loggedIn(first)).as("alice's first login: %s", first).isTrue();
            List<String> cookies = first.headers.get("set-cookie");
            assertThat(cookies).as("Spring's session cookie is still there").anySatisfy(c -> assertThat(c).startsWith("JSESSIONID="));
            String issued = cookies.stream().filter(c -> c.startsWith("vigil_device=")).findFirst().orElseThrow(() -> new AssertionError(cookies));
            assertThat(issued).contains("HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=2592000").doesNotContain("alice");
            String device = issued.substring(0, issued.indexOf(';'));

            for (int i = 0; i < 30; i++) { // wrong passwords for alice from 30 networks: her per-user lockout starts
                assertThat(loggedIn(form(server, (30 + i) + ".1.2.3", "guess" + i))).isFalse();
            }
            assertThat(loggedIn(form(server, "203.0.113.50", "secret"))).as("alice from a new address, without her device's cookie").isFalse();
            assertThat(server.agentLines(l -> l.contains("rule=user"))).as(server.describe("the user lockout's notice")).isNotEmpty();
            Resp withDevice = form(server, "203.0.113.51", "secret", "theme=dark; " + device);
            assertThat(loggedIn(withDevice)).as("alice from a new address with her device: %s", withDevice).isTrue();
            assertThat(String.join("\n", server.agentLines())).as("the cookie never reaches the log").doesNotContain(device.substring(13));
        }
    }
}
