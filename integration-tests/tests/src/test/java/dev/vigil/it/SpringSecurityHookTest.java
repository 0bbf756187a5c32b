package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.it.harness.AuditLog;
import dev.vigil.it.harness.Burst;
import dev.vigil.it.harness.FrameworkApp;
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
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Spring Security's AuthenticationManager hook with no login route configured, in one app with HTTP
 * Basic and form login on Spring Boot 3.5 / Spring Security 6 and on Spring Boot 4.0 / Spring
 * Security 7, each on Java 17 and 25. Brute force on one account reaches the password check (the user
 * store) exactly as often as the user+ip threshold allows; after that Spring fails its own way
 * (Basic: 401; form: redirect to /login?error), even for the right password from the locked source,
 * while the real user from elsewhere gets in. An unknown user gets the same responses as a known one.
 * Stuffing 200 accounts from one address and a burst of concurrent wrong passwords stop at their
 * thresholds too.
 */
@Timeout(120)
class SpringSecurityHookTest {
    private static final String POLICY = String.join("\n",
            "trustedProxies: [127.0.0.0/8]",
            "audit: { file: ${AUDIT} }",
            "rules: []",
            "");
    private static final String BASIC_ATTACKER = "198.51.100.66";
    private static final String FORM_ATTACKER = "198.51.100.88";
    private static final String UNKNOWN_USER_CLIENT = "198.51.100.99";
    private static final String BURST_ATTACKER = "198.51.100.111";
    private static final String STUFFER = "203.0.113.50";

    static Stream<Arguments> targets() {
        List<Arguments> targets = new ArrayList<>();
        for (Jdk jdk : Jdk.values()) {
            targets.add(Arguments.of(FrameworkApp.SPRING_BOOT, jdk));
            targets.add(Arguments.of(FrameworkApp.SPRING_BOOT4, jdk));
        }
        return targets.stream();
    }

    /** Starts the app and checks that the agent hooks Spring Security and that the expected Spring generation runs. */
    private static ServerProcess start(FrameworkApp app, Jdk jdk, String name, Map<String, String> sysProps) throws Exception {
        Assumptions.assumeTrue(jdk.available(), jdk + " not installed");
        Path dir = ItEnv.newWorkDir(app.id() + "-" + jdk.label() + "-" + name);
        Path policy = dir.resolve("vigil.yaml");
        Files.writeString(policy, POLICY.replace("${AUDIT}", dir.resolve("audit.jsonl").toString()));
        ServerProcess.Builder builder = ServerProcess.builder(app, jdk).name(name).workDir(dir).policy(policy);
        sysProps.forEach(builder::sysProp);
        ServerProcess server = builder.start();
        try {
            server.awaitListening();
            assertThat(server.agentLines(l -> l.startsWith("[vigil] Vigil "))).as(server.describe("startup line"))
                    .singleElement().asString().containsPattern("instrumenting=\\[[^\\]]*\\bspring-security\\b");
            String expected = app == FrameworkApp.SPRING_BOOT4 ? "spring-boot 4.0.\\S+ spring-security 7\\." : "spring-boot 3.5.\\S+ spring-security 6\\.";
            assertThat(Http.get(server, "/versions").body).as("the Spring generation under test").containsPattern(expected);
            assertThat(passwordChecks(server)).isZero();
            return server;
        } catch (Throwable t) {
            server.close();
            throw t;
        }
    }

    private static Resp basic(ServerProcess server, String client, String user, String password) {
        String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return Http.get(server, "/secure/hello", "Authorization", "Basic " + token, "X-Forwarded-For", client);
    }

    private static Resp form(ServerProcess server, String client, String user, String password) {
        return Http.postForm(server, "/login", "username=" + user + "&password=" + password, "X-Forwarded-For", client);
    }

    private static int passwordChecks(ServerProcess server) {
        Resp r = Http.get(server, "/realm-calls");
        assertThat(r.status).as("GET /realm-calls: %s", r).isEqualTo(200);
        return Integer.parseInt(r.body.trim());
    }

    /** The response without its Date header and with the session id masked: both differ between any two responses. */
    private static String fingerprint(Resp r) {
        Map<String, List<String>> headers = new TreeMap<>(r.stableHeaders());
        headers.computeIfPresent("set-cookie", (k, v) -> v.stream().map(c -> c.replaceAll("JSESSIONID=[^;]*", "JSESSIONID=*")).toList());
        return r.status + " " + headers + "\n" + r.body;
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("targets")
    void bruteForceStopsAtTheThresholdAndFailsSpringsOwnWay(FrameworkApp app, Jdk jdk) throws Exception {
        try (ServerProcess server = start(app, jdk, "auth-hook", Map.of())) {
            Path audit = server.workDir.resolve("audit.jsonl");
            // (a) HTTP Basic
            Resp first = null;
            for (int attempt = 1; attempt <= 12; attempt++) {
                Resp r = basic(server, BASIC_ATTACKER, "alice", "guess" + attempt);
                assertThat(r.status).as("Basic attempt %d, wrong password: Spring's own 401: %s", attempt, r).isEqualTo(401);
                if (first == null) {
                    first = r;
                }
                assertThat(fingerprint(r)).as("Basic attempt %d", attempt).isEqualTo(fingerprint(first));
            }
            assertThat(passwordChecks(server)).as("wrong Basic passwords that reached the password check").isEqualTo(5);
            new AuditLog(audit).await(e -> BASIC_ATTACKER.equals(e.get("client")) && "user-ip".equals(e.get("rule")), Duration.ofSeconds(5));

            Resp lockedRight = basic(server, BASIC_ATTACKER, "alice", "secret");
            assertThat(lockedRight.status).as("even the right password, from the locked source: %s", lockedRight).isEqualTo(401);
            assertThat(fingerprint(lockedRight)).isEqualTo(fingerprint(first));
            assertThat(passwordChecks(server)).as("the locked source's right password never reached the check").isEqualTo(5);

            Resp realUser = basic(server, "198.51.100.77", "alice", "secret");
            assertThat(realUser.status).as("the real user from elsewhere: %s", realUser).isEqualTo(200);
            assertThat(realUser.body).isEqualTo("hello alice");
            assertThat(passwordChecks(server)).isEqualTo(6);

            // (b) form login
            Resp[] alice = new Resp[6];
            for (int attempt = 1; attempt <= 5; attempt++) {
                alice[attempt - 1] = form(server, FORM_ATTACKER, "alice", "guess" + attempt);
            }
            alice[5] = form(server, FORM_ATTACKER, "alice", "secret");
            for (int i = 0; i < alice.length; i++) {
                Resp r = alice[i];
                assertThat(r.status).as("form attempt %d: Spring's failure redirect: %s", i + 1, r).isEqualTo(302);
                assertThat(r.header("Location")).as("form attempt %d", i + 1).hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
                assertThat(fingerprint(r)).as("form attempt %d", i + 1).isEqualTo(fingerprint(alice[0]));
            }
            assertThat(passwordChecks(server)).as("5 wrong form passwords checked; the 6th, right one refused before the check").isEqualTo(11);

            for (int attempt = 1; attempt <= 6; attempt++) {
                Resp nobody = form(server, UNKNOWN_USER_CLIENT, "nobody", "guess" + attempt);
                assertThat(fingerprint(nobody)).as("unknown user, attempt %d: the same answer as for alice", attempt)
                        .isEqualTo(fingerprint(alice[attempt - 1]));
            }
            assertThat(passwordChecks(server)).as("unknown user: 5 checks, then locked like a known one").isEqualTo(16);
            new AuditLog(audit).await(e -> FORM_ATTACKER.equals(e.get("client")) && "user-ip".equals(e.get("rule")), Duration.ofSeconds(5));
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("targets")
    void stuffingAndAConcurrentBurstReachThePasswordCheckOnlyUpToTheirThresholds(FrameworkApp app, Jdk jdk) throws Exception {
        // a slow password check (like a real hash) keeps the burst's attempts in flight together
        try (ServerProcess server = start(app, jdk, "auth-attacks", Map.of("it.passwordCheckMillis", "200"))) {
            // (a) 20 concurrent wrong Basic passwords for one account from one address
            List<Resp> burst = Burst.send(20, i -> basic(server, BURST_ATTACKER, "alice", "burst" + i));
            assertThat(burst).as("every attempt fails Spring's own way").allSatisfy(r -> assertThat(r.status).isEqualTo(401));
            int burstChecks = passwordChecks(server);
            assertThat(burstChecks).as("concurrent attempts that reached the password check (user+ip threshold 5)").isEqualTo(5);

            // (b) form login: one address tries 200 different accounts
            int before = passwordChecks(server);
            Resp first = null;
            for (int i = 0; i < 200; i++) {
                Resp r = form(server, STUFFER, "victim" + i, "Winter2024!");
                assertThat(r.header("Location")).as("attempt %d: Spring's failure redirect: %s", i, r).hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
                first = first == null ? r : first;
                assertThat(fingerprint(r)).as("attempt %d looks like every other failure", i).isEqualTo(fingerprint(first));
            }
            int stuffingChecks = passwordChecks(server) - before;
            assertThat(stuffingChecks).as("accounts tried that reached the password check (stuffing threshold: 10 usernames per address)").isEqualTo(10);
            assertThat(form(server, STUFFER, "alice", "secret").header("Location")).as("even alice's right password, from the stuffing source")
                    .hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
            assertThat(passwordChecks(server) - before).as("later usernames from that address never reach the check").isEqualTo(10);

            Resp elsewhere = form(server, "198.51.100.120", "alice", "secret");
            assertThat(elsewhere.status).as("alice from another address: %s", elsewhere).isEqualTo(302);
            assertThat(elsewhere.header("Location")).hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));
            System.out.printf("[measured] %s on %s: concurrent burst %d checks, 200-account stuffing %d checks%n", app, jdk, burstChecks, stuffingChecks);
        }
    }
}
