package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.it.harness.App;
import dev.vigil.it.harness.AuditLog;
import dev.vigil.it.harness.Burst;
import dev.vigil.it.harness.Http;
import dev.vigil.it.harness.Http.Resp;
import dev.vigil.it.harness.ItEnv;
import dev.vigil.it.harness.Jdk;
import dev.vigil.it.harness.ServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Authentication hooks with no login route configured: Tomcat's realm and Jetty's login service
 * behind BASIC auth. Brute force on one account reaches the password check exactly as often as the
 * user+ip threshold allows; after that the realm fails the server's own way (its normal 401), even
 * for the right password from the locked source, while the real user from elsewhere gets in. A burst
 * of concurrent wrong passwords reaches the password check exactly threshold times.
 */
@Timeout(120)
class AuthHookTest {
    private static final String POLICY = String.join("\n",
            "trustedProxies: [127.0.0.0/8]",
            "audit: { file: ${AUDIT} }",
            "rules: []",
            "");
    private static final String ATTACKER = "198.51.100.66";

    static Stream<Arguments> targets() {
        List<Arguments> targets = new ArrayList<>();
        for (Jdk jdk : Jdk.values()) {
            targets.add(Arguments.of(App.TOMCAT11, "tomcat-realm", jdk, "own"));
            // the check in RealmBase, a super class the agent must weave though no app class names it
            targets.add(Arguments.of(App.TOMCAT11, "tomcat-realm", jdk, "inherited"));
            targets.add(Arguments.of(App.JETTY12, "jetty-login-service", jdk, "own"));
        }
        return targets.stream();
    }

    private static Resp secure(ServerProcess server, String client, String user, String password) {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return Http.get(server, "/secure/hello", "Authorization", "Basic " + basic, "X-Forwarded-For", client);
    }

    private static int realmCalls(ServerProcess server) {
        Resp r = Http.get(server, "/realm-calls");
        assertThat(r.status).as("GET /realm-calls: %s", r).isEqualTo(200);
        return Integer.parseInt(r.body.trim());
    }

    @ParameterizedTest(name = "{0} ({3} realm) on {2}")
    @MethodSource("targets")
    void bruteForceReachesThePasswordCheckOnlyUpToTheThreshold(App app, String module, Jdk jdk, String realm) throws Exception {
        Assumptions.assumeTrue(jdk.available(), jdk + " not installed");
        Path dir = ItEnv.newWorkDir(app.id + "-" + jdk.label() + "-" + realm + "-auth-hook");
        Path audit = dir.resolve("audit.jsonl");
        Path policy = dir.resolve("vigil.yaml");
        Files.writeString(policy, POLICY.replace("${AUDIT}", audit.toString()));
        // a slow password check (like a real hash) keeps the burst's attempts below in flight together
        try (ServerProcess server = ServerProcess.builder(app, jdk).name("auth-hook").workDir(dir).policy(policy)
                .sysProp("it.passwordCheckMillis", "100").sysProp("it.realm", realm).start().awaitListening()) {
            assertThat(server.agentLines(l -> l.startsWith("[vigil] Vigil "))).as(server.describe("startup line"))
                    .singleElement().asString().containsPattern("instrumenting=\\[[^\\]]*\\b" + module + "\\b");
            assertThat(realmCalls(server)).isZero();

            Resp first = null;
            for (int attempt = 1; attempt <= 12; attempt++) {
                Resp r = secure(server, ATTACKER, "alice", "guess" + attempt);
                assertThat(r.status).as("attempt %d, wrong password: the server's own 401: %s", attempt, r).isEqualTo(401);
                if (first == null) {
                    first = r;
                }
                assertThat(r.header("WWW-Authenticate")).as("attempt %d", attempt).isEqualTo(first.header("WWW-Authenticate"));
            }
            assertThat(realmCalls(server)).as("wrong passwords that reached the password check").isEqualTo(5);

            assertThat(secure(server, ATTACKER, "alice", "secret").status).as("even the right password, from the locked source").isEqualTo(401);
            assertThat(realmCalls(server)).as("the locked source's right password never reached the realm").isEqualTo(5);

            Resp realUser = secure(server, "198.51.100.77", "alice", "secret");
            assertThat(realUser.status).as("the real user from elsewhere: %s", realUser).isEqualTo(200);
            assertThat(realUser.body).isEqualTo("hello alice");
            assertThat(realmCalls(server)).isEqualTo(6);

            new AuditLog(audit).await(e -> ATTACKER.equals(e.get("client")) && "user-ip".equals(e.get("rule")), Duration.ofSeconds(5));

            List<Resp> burst = Burst.send(20, i -> secure(server, "198.51.100.111", "alice", "burst" + i));
            assertThat(burst).as("every attempt of the burst fails the server's own way").allSatisfy(r -> assertThat(r.status).isEqualTo(401));
            assertThat(realmCalls(server) - 6).as("20 concurrent wrong passwords that reached the password check").isEqualTo(5);
            System.out.printf("[measured] %s (%s realm) on %s: burst of 20 concurrent wrong passwords, %d checks%n", app, realm, jdk, realmCalls(server) - 6);
        }
    }
}
