package dev.vigil.it.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.it.harness.App;
import dev.vigil.it.harness.Jdk;
import dev.vigil.it.harness.RawHttp;
import dev.vigil.it.harness.ServerProcess;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A username (a form field, or inside BASIC credentials, where CR/LF pass the HTTP parser) and a
 * percent-encoded path carrying CR/LF and a terminal escape must not forge a {@code [vigil] ERROR}
 * line on stderr, nor put raw control characters in the console exporter's lines or the audit file.
 * Tomcat 11: its login route reads the form's username, and its realm hook the BASIC username.
 */
class ControlCharacterInjectionTest {
    private static final String FORGED = "x\r\n[vigil] ERROR forged\u001b[2J";
    private static final String SHOWN = "x\\r\\n[vigil] ERROR forged\\u001b[2J";
    private static final Duration ARRIVAL = Duration.ofSeconds(20);
    private static final String POLICY = String.join("\n",
            "trustedProxies: [127.0.0.0/8, \"::1/128\"]",
            "audit: { file: ${AUDIT} }",
            "login:",
            "  routes:",
            "    - { path: /login, usernameParameter: user }",
            "rules:",
            "  - name: forged-paths",
            "    routes: [\"/forged/**\"]",
            "    rate: 1/m",
            "    burst: 1",
            "");

    @ParameterizedTest(name = "tomcat11 on {0}")
    @EnumSource(Jdk.class)
    void requestDataCannotForgeLinesOrDriveATerminal(Jdk jdk) throws Exception {
        try (ServerProcess server = HardeningServers.startWith(App.TOMCAT11, jdk, "control-characters", POLICY, b -> b
                .env("OTEL_TRACES_EXPORTER", "console")
                .env("OTEL_LOGS_EXPORTER", "console")
                .env("OTEL_METRICS_EXPORTER", "none")
                .env("OTEL_BSP_SCHEDULE_DELAY", "100")
                .env("OTEL_BLRP_SCHEDULE_DELAY", "100")).awaitListening()) {
            String form = "user=" + URLEncoder.encode(FORGED, StandardCharsets.UTF_8) + "&password=wrong";
            assertThat(RawHttp.request("POST", "/login").header("X-Forwarded-For", "198.51.100.60").form(form).sendTo(server).status).isEqualTo(401);
            String basic = Base64.getEncoder().encodeToString((FORGED + ":wrong").getBytes(StandardCharsets.UTF_8));
            assertThat(RawHttp.request("GET", "/secure/hello").header("X-Forwarded-For", "2001:db8:4::60")
                    .header("Authorization", "Basic " + basic).sendV6(server).status).isEqualTo(401);
            String path = "/forged/x%0d%0a%5bvigil%5d%20ERROR%20forged%1b%5b2J";
            RawHttp.request("GET", path).header("X-Forwarded-For", "198.51.100.61").sendTo(server);
            assertThat(RawHttp.request("GET", path).header("X-Forwarded-For", "198.51.100.61").sendTo(server).status).isEqualTo(429);

            String failure = awaitOtelLine(server, l -> l.contains("event vigil.login.failure") && l.contains("via=/login"));
            assertThat(failure).contains("user.id=" + SHOWN);
            assertThat(awaitOtelLine(server, l -> l.contains("event vigil.login.failure") && l.contains("auth:tomcat-realm"))).contains("user.id=" + SHOWN);
            assertThat(awaitOtelLine(server, l -> l.startsWith("[vigil otel] span vigil.decision"))).contains("url.path=/forged/" + SHOWN);

            String stderr = server.stderr();
            assertThat(stderr.lines()).noneMatch(l -> l.startsWith("[vigil] ERROR forged"));
            assertThat(stderr).doesNotContain("\u001b");
            assertThat(stderr.replace("\r\n", "\n")).as("no lone CR").doesNotContain("\r");

            List<String> audit = Files.readAllLines(server.workDir.resolve("audit.jsonl"), StandardCharsets.UTF_8);
            assertThat(audit).isNotEmpty();
            ObjectMapper json = new ObjectMapper();
            for (String line : audit) {
                assertThat(line.chars()).as(line).noneMatch(c -> c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029);
                json.readTree(line);
            }
        }
    }

    private static String awaitOtelLine(ServerProcess server, java.util.function.Predicate<String> filter) {
        long deadline = System.nanoTime() + ARRIVAL.toNanos();
        while (System.nanoTime() < deadline) {
            List<String> lines = server.stderr().lines().filter(l -> l.startsWith("[vigil otel] ")).filter(filter).collect(Collectors.toList());
            if (!lines.isEmpty()) {
                return lines.get(0);
            }
            ServerProcess.pause(100);
        }
        throw new AssertionError(server.describe("no matching [vigil otel] line within " + ARRIVAL));
    }
}
