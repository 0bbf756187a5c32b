package dev.vigil.it;

import static dev.vigil.it.harness.AuditLog.field;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.it.harness.App;
import dev.vigil.it.harness.AuditLog;
import dev.vigil.it.harness.Http;
import dev.vigil.it.harness.Http.Resp;
import dev.vigil.it.harness.Jdk;
import dev.vigil.it.harness.ServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Vigil on real servers in child JVMs, {tomcat11, jetty12, tomcat9-javax, jdk-httpserver} x {java17, java25},
 * over real HTTP on loopback. One {@link Fleet} of child JVMs per (app, jdk).
 */
@ParameterizedClass(name = "{0} on {1}")
@MethodSource("targets")
@Timeout(90)
class ServerMatrixTest {
    private static final Duration AGENT_IO = Duration.ofSeconds(5);

    /** All pairs; narrow a local run with e.g. -Dvigil.it.servers=jetty12,tomcat9-javax -Dvigil.it.jdks=java25. */
    static Stream<Arguments> targets() {
        List<String> servers = List.of(System.getProperty("vigil.it.servers", "").split(","));
        List<String> jdks = List.of(System.getProperty("vigil.it.jdks", "").split(","));
        List<Arguments> targets = new ArrayList<>();
        for (Jdk jdk : Jdk.values()) {
            for (App app : App.values()) {
                if ((servers.contains("") || servers.contains(app.id)) && (jdks.contains("") || jdks.contains(jdk.label()))) {
                    targets.add(Arguments.of(app, jdk));
                }
            }
        }
        return targets.stream();
    }

    @Parameter(0)
    App app;

    @Parameter(1)
    Jdk jdk;

    private static Fleet fleet;

    /** Surefire reports these tests as method()[N]; say which server and JDK failed in the message itself. */
    @RegisterExtension
    final TestExecutionExceptionHandler nameTheTarget = (context, failure) -> {
        if (failure instanceof AssertionError) {
            AssertionError labelled = new AssertionError("[" + app + " on " + jdk + "] " + failure.getMessage(), failure.getCause());
            labelled.setStackTrace(failure.getStackTrace());
            throw labelled;
        }
        throw failure;
    };

    @BeforeParameterizedClassInvocation
    static void startFleet(App app, Jdk jdk) {
        fleet = jdk.available() ? new Fleet(app, jdk) : null;
    }

    /** Per test rather than per invocation, so each skipped test shows up in the report with the reason. */
    @BeforeEach
    void requireJdk() {
        Assumptions.assumeTrue(jdk.available(),
                () -> jdk + " not found at " + jdk.home() + " (set -Dvigil.java25.home): skipping " + app + " on " + jdk);
    }

    @AfterParameterizedClassInvocation
    static void stopFleet() {
        if (fleet != null) {
            fleet.close();
            fleet = null;
        }
    }

    // ---- a. throttling ----------------------------------------------------------------------------------------

    @Test
    @DisplayName("a. over the limit: 429 with Retry-After, served again after waiting Retry-After seconds")
    void overLimitClientGets429WithRetryAfterAndIsServedAgainAfterWaiting() {
        ServerProcess s = fleet.enforce();
        String client = "198.51.100.10";
        Resp first = Http.getAs(s, client, "/api/items/7");
        Resp second = Http.getAs(s, client, "/api/items/7");
        Resp third = Http.getAs(s, client, "/api/items/7");

        assertThat(first.status).as("1st (burst 2)").isEqualTo(200);
        assertThat(second.status).as("2nd (burst 2)").isEqualTo(200);
        assertThat(third.status).as("3rd request over rate 1/s burst 2: %s", third).isEqualTo(429);
        assertThat(third.header("Retry-After")).as("Retry-After of %s", third).hasValue("1");
        assertThat(third.header("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/plain"));
        assertThat(third.body.trim()).isEqualTo("Too Many Requests");
        assertThat(third.header("X-App")).as("the app (even its outermost filter) never ran for the 429").isEmpty();

        Map<String, Object> audit = fleet.audit("enforce").await(
                field("client", client).and(field("action", "throttle")), AGENT_IO);
        assertThat(audit).containsEntry("enforced", true).containsEntry("rule", "api")
                .containsEntry("key", "ip:" + client).containsEntry("method", "GET")
                .containsEntry("path", "/api/items/7").containsEntry("status", 429).containsEntry("retryAfter", 1);
        s.awaitAgentLine(l -> l.startsWith("[vigil] throttled ip:" + client + " rule=api retry-after=1s (enforced)"),
                AGENT_IO);

        // the real wait the client was told to do, in the child JVM's clock
        sleepSeconds(Integer.parseInt(third.header("Retry-After").orElseThrow()));
        Resp after = Http.getAs(s, client, "/api/items/7");
        assertThat(after.status).as("after waiting Retry-After: %s", after).isEqualTo(200);
        assertThat(after.body).isEqualTo(first.body);
    }

    // ---- b. transparency ---------------------------------------------------------------------------------------

    @Test
    @DisplayName("b. allowed responses are identical with and without the agent")
    void allowedResponsesAreIdenticalWithAndWithoutAgent() {
        ServerProcess with = fleet.enforce();
        ServerProcess without = fleet.noAgent();
        String[][] requests = {
            {"GET", "/hello", "198.51.100.60"},
            {"GET", "/api/items/42", "198.51.100.61"},
            {"GET", "/whoami", "198.51.100.62"},
            {"POST", "/login", "198.51.100.63"},
            {"GET", "/no-such-page", "198.51.100.64"},
        };
        for (String[] r : requests) {
            Resp expected = Http.send(without, r[0], r[1], "X-Forwarded-For", r[2]);
            Resp actual = Http.send(with, r[0], r[1], "X-Forwarded-For", r[2]);
            assertThat(actual.fingerprint()).as("%s %s with agent vs without", r[0], r[1])
                    .isEqualTo(expected.fingerprint());
        }
        Resp hello = Http.getAs(with, "198.51.100.65", "/hello");
        assertThat(hello.status).isEqualTo(200);
        assertThat(hello.body).isEqualTo("hello /hello");
        assertThat(hello.header("X-App")).hasValue(app.id);
        assertThat(hello.header("Cache-Control")).hasValue("no-store");
        assertThat(hello.header("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWithIgnoringCase("text/plain"));
        assertThat(Http.getAs(with, "198.51.100.66", "/api/items/42").body).isEqualTo("{\"id\":\"42\",\"name\":\"item 42\"}");
        assertThat(Http.get(with, "/whoami").body).as("the app still sees the TCP peer").isEqualTo("127.0.0.1");
        assertThat(without.agentLines()).as("no agent, no [vigil] lines").isEmpty();
    }

    // ---- c. client identity --------------------------------------------------------------------------------------

    @Test
    @DisplayName("c. X-Forwarded-For from an untrusted peer is ignored: different XFF values share one bucket")
    void forwardedForFromUntrustedPeerIsIgnored() {
        ServerProcess s = fleet.get("untrusted");
        assertThat(Http.getAs(s, "198.51.100.1", "/hello").status).isEqualTo(200);
        assertThat(Http.getAs(s, "198.51.100.2", "/hello").status).isEqualTo(200);
        Resp third = Http.getAs(s, "198.51.100.3", "/hello");
        assertThat(third.status).as("3rd request from 127.0.0.1 whatever its XFF says: %s", third).isEqualTo(429);

        Map<String, Object> audit = fleet.audit("untrusted").await(field("action", "throttle"), AGENT_IO);
        assertThat(audit).containsEntry("client", "127.0.0.1").containsEntry("key", "ip:127.0.0.1");
    }

    @Test
    @DisplayName("c. X-Forwarded-For from a trusted proxy is honoured: separate buckets, audit shows the forwarded client")
    void forwardedForFromTrustedProxyIsHonoured() {
        ServerProcess s = fleet.enforce();
        assertThat(Http.getAs(s, "198.51.100.20", "/hello").status).isEqualTo(200);
        assertThat(Http.getAs(s, "198.51.100.20", "/hello").status).isEqualTo(200);
        assertThat(Http.getAs(s, "198.51.100.21", "/hello").status).as("another forwarded client, own bucket").isEqualTo(200);
        assertThat(Http.getAs(s, "198.51.100.21", "/hello").status).isEqualTo(200);
        assertThat(Http.getAs(s, "198.51.100.20", "/hello").status).as("3rd for 198.51.100.20").isEqualTo(429);

        Map<String, Object> audit = fleet.audit("enforce").await(field("client", "198.51.100.20"), AGENT_IO);
        assertThat(audit).containsEntry("key", "ip:198.51.100.20").containsEntry("action", "throttle")
                .containsEntry("enforced", true).containsEntry("rule", "tight").containsEntry("path", "/hello");
        assertThat(fleet.audit("enforce").entries()).noneMatch(field("client", "198.51.100.21"));
        s.awaitAgentLine(l -> l.startsWith("[vigil] throttled ip:198.51.100.20 rule=tight retry-after=")
                && l.endsWith("(enforced)"), AGENT_IO);
    }

    // ---- d. monitor ------------------------------------------------------------------------------------------------

    @Test
    @DisplayName("d. monitor mode (policy via -Dvigil.config, audit via -Dvigil.audit.file) never changes a response but records the decision")
    void monitorModeNeverChangesResponseButRecordsDecision() {
        ServerProcess s = fleet.get("monitor");
        String client = "198.51.100.50";
        Resp expected = Http.getAs(fleet.noAgent(), client, "/hello");
        for (int i = 1; i <= 5; i++) {
            Resp r = Http.getAs(s, client, "/hello");
            assertThat(r.fingerprint()).as("request %d (burst 2, monitor)", i).isEqualTo(expected.fingerprint());
        }
        Map<String, Object> audit = fleet.audit("monitor").await(field("client", client), AGENT_IO);
        assertThat(audit).containsEntry("enforced", false).containsEntry("action", "throttle")
                .containsEntry("rule", "tight").containsEntry("key", "ip:" + client);
        s.awaitAgentLine(l -> l.startsWith("[vigil] throttled ip:" + client + " rule=tight retry-after=")
                && l.endsWith("(monitor: not enforced)"), AGENT_IO);
        assertThat(s.agentLines(l -> l.startsWith("[vigil] Vigil "))).singleElement().asString()
                .contains(" started: mode=monitor").contains("policy=")
                .as("policy source given by -Dvigil.config").contains(fleet.policy("monitor").toString());
    }

    @Test
    @DisplayName("d. a rule in monitor mode inside an enforcing policy does not change responses")
    void perRuleMonitorModeDoesNotEnforce() {
        ServerProcess s = fleet.enforce();
        String client = "198.51.100.70";
        for (int i = 1; i <= 3; i++) {
            Resp r = Http.getAs(s, client, "/whoami");
            assertThat(r.status).as("GET /whoami #%d under a monitor rule (burst 1)", i).isEqualTo(200);
            assertThat(r.body).isEqualTo("127.0.0.1");
        }
        // the audit file folds a caller's decisions within one second into the next line's "repeats"
        ServerProcess.pause(1_100);
        assertThat(Http.getAs(s, client, "/whoami").status).as("GET /whoami #4").isEqualTo(200);

        AuditLog audit = fleet.audit("enforce");
        List<Map<String, Object>> recorded = audit.awaitCount(field("client", client), 2, AGENT_IO);
        assertThat(recorded).as("burst 1, rate 1/m: requests 2, 3 and 4 are recorded as would-be throttles"
                        + " (Retry-After about a minute); the 1st is within the burst")
                .hasSize(2)
                .allSatisfy(e -> assertThat(e).containsEntry("enforced", false).containsEntry("rule", "whoami-watch")
                        .containsEntry("action", "throttle")
                        .hasEntrySatisfying("retryAfter", v -> assertThat(((Number) v).intValue()).isBetween(55, 60)));
        long decisions = recorded.stream()
                .mapToLong(e -> 1 + ((Number) e.getOrDefault("repeats", 0)).longValue()).sum();
        assertThat(decisions).as("every recorded decision is accounted for: lines x (1 + repeats)").isEqualTo(3);
    }

    @Test
    @DisplayName("a. burst 1: a new client's first request is served, its second gets 429")
    void burstOfOneServesTheFirstRequest() {
        ServerProcess s = fleet.enforce();
        String client = "198.51.100.71";
        Resp first = Http.send(s, "POST", "/login", "X-Forwarded-For", client);
        Resp second = Http.send(s, "POST", "/login", "X-Forwarded-For", client);
        assertThat(first.status).as("1st POST /login of a new client, rule burst 1: %s", first).isEqualTo(200);
        assertThat(first.body).isEqualTo("welcome");
        assertThat(second.status).as("2nd POST /login: %s", second).isEqualTo(429);
        assertThat(second.header("Retry-After")).as("rate 1/m").hasValueSatisfying(
                v -> assertThat(Integer.parseInt(v)).isBetween(55, 60));
    }

    // ---- e. invalid policy -----------------------------------------------------------------------------------------

    @Test
    @DisplayName("e. unknown field: the app serves 200 unprotected and the error names the field and line")
    void invalidPolicyUnknownFieldLeavesAppServing() {
        assertInvalidPolicyReported("unknown-field", "bursst", lineOf(Fleet.UNKNOWN_FIELD, "bursst"));
    }

    @Test
    @DisplayName("e. bad CIDR: the app serves 200 unprotected and the error names the field and line")
    void invalidPolicyBadCidrLeavesAppServing() {
        assertInvalidPolicyReported("bad-cidr", "deny", lineOf(Fleet.BAD_CIDR, "203.0.113.0/99"));
    }

    private void assertInvalidPolicyReported(String name, String fieldName, int line) {
        ServerProcess s = fleet.get(name);
        for (int i = 1; i <= 4; i++) {
            Resp r = Http.getAs(s, "198.51.100.80", "/hello");
            assertThat(r.status).as("request %d with an invalid policy (agent disabled, burst 2 not applied)", i)
                    .isEqualTo(200);
            assertThat(r.body).isEqualTo("hello /hello");
        }
        String error = s.awaitAgentLine(l -> l.startsWith("[vigil] ERROR invalid policy"), AGENT_IO);
        assertThat(error)
                .contains(fleet.policy(name).toString())
                .containsPattern("line " + line + " column \\d+: ")
                .contains(fieldName)
                .contains("agent disabled, the application runs unprotected");
    }

    @Test
    @DisplayName("e. invalid policy with -Dvigil.failOnInvalidConfig=true: the JVM exits non-zero")
    void invalidPolicyWithFailOnInvalidConfigExitsNonZero() {
        ServerProcess s = fleet.raw("fail-on-invalid");
        int code = s.awaitExit(ServerProcess.START_TIMEOUT);
        assertThat(code).as(s.describe("exit code")).isNotZero();
        assertThat(s.stdout()).doesNotContain("LISTENING");
        assertThat(s.agentLines()).anySatisfy(l -> assertThat(l).startsWith("[vigil] ERROR invalid policy").contains("bursst"));
    }

    // ---- f. fail-open --------------------------------------------------------------------------------------------

    @Test
    @DisplayName("f. an exception inside the engine leaves responses unchanged and is logged once")
    void engineFailureLeavesResponsesUnchangedAndIsLoggedOnce() {
        ServerProcess s = fleet.get("fail-engine");
        String client = "198.51.100.90";
        Resp expected = Http.getAs(fleet.noAgent(), client, "/hello");
        for (int i = 1; i <= 4; i++) {
            Resp r = Http.getAs(s, client, "/hello");
            assertThat(r.fingerprint()).as("request %d with a failing engine", i).isEqualTo(expected.fingerprint());
        }
        s.awaitAgentLine(l -> l.startsWith("[vigil] ERROR"), AGENT_IO);
        for (int i = 0; i < 4; i++) {
            assertThat(Http.getAs(s, client, "/api/items/1").status).isEqualTo(200);
        }
        assertThat(s.agentLines(l -> l.startsWith("[vigil] ERROR")))
                .as("engine errors are rate-limited to one per minute").hasSize(1);
    }

    // ---- g. startup line -------------------------------------------------------------------------------------------

    private static final Pattern STARTUP = Pattern.compile("^\\[vigil] Vigil (\\S+) started: mode=(\\w+), .*");

    @Test
    @DisplayName("g. the startup line is printed once with version, mode, policy source and instrumenting list")
    void startupLinePrintedOnce() {
        ServerProcess s = fleet.enforce();
        Http.getAs(s, "198.51.100.100", "/hello");
        List<String> startup = s.agentLines(l -> l.startsWith("[vigil] Vigil "));
        assertThat(startup).as(s.describe("startup lines")).hasSize(1);
        String line = startup.get(0);
        Matcher m = STARTUP.matcher(line);
        assertThat(m.matches()).as(line).isTrue();
        assertThat(m.group(1)).as("version").isNotBlank();
        assertThat(m.group(2)).isEqualTo("enforce");
        assertThat(line).contains("policy=").contains(fleet.policy("enforce").getFileName().toString())
                .containsPattern("instrumenting=\\[[^\\]]*\\b" + Pattern.quote(app.instrumentation) + "\\b");
    }

    // ---- h. deny / allow lists -----------------------------------------------------------------------------------

    @Test
    @DisplayName("h. a deny-listed client (via trusted proxy) gets 403")
    void denyListedClientGets403() {
        ServerProcess s = fleet.enforce();
        Resp r = Http.getAs(s, "203.0.113.5", "/hello");
        assertThat(r.status).as("%s", r).isEqualTo(403);
        assertThat(r.body.trim()).isEqualTo("Forbidden");
        assertThat(r.header("X-App")).as("the app (even its outermost filter) never ran for the 403").isEmpty();
        assertThat(Http.getAs(s, "198.51.100.110", "/hello").status).as("a client not on the deny list").isEqualTo(200);
        Map<String, Object> audit = fleet.audit("enforce").await(field("client", "203.0.113.5"), AGENT_IO);
        assertThat(audit).containsEntry("action", "block").containsEntry("status", 403).containsEntry("enforced", true);
    }

    @Test
    @DisplayName("h. an allow-listed client is never throttled")
    void allowListedClientIsNeverThrottled() {
        ServerProcess s = fleet.enforce();
        for (int i = 1; i <= 6; i++) {
            Resp r = Http.getAs(s, "192.0.2.7", "/hello");
            assertThat(r.status).as("allow-listed request %d (burst 2)", i).isEqualTo(200);
        }
        assertThat(fleet.audit("enforce").entries()).noneMatch(field("client", "192.0.2.7"));
    }

    @Test
    @DisplayName("an API key is limited across addresses, and never appears raw in the audit file or the log")
    void apiKeyIsLimitedAcrossAddressesAndNeverLoggedRaw() {
        ServerProcess s = fleet.enforce();
        String key = "sk-live-" + app.id + "-" + jdk.label() + "-0123456789";
        for (int i = 1; i <= 2; i++) {
            Resp r = Http.get(s, "/api/items/" + i, "X-Forwarded-For", "198.51.100." + (150 + i), "X-API-Key", key);
            assertThat(r.status).as("request %d with the key (burst 2): %s", i, r).isEqualTo(200);
        }
        Resp third = Http.get(s, "/api/items/3", "X-Forwarded-For", "198.51.100.153", "X-API-Key", key);
        assertThat(third.status).as("3rd request with the same key from yet another address: %s", third).isEqualTo(429);
        assertThat(Http.get(s, "/api/items/4", "X-Forwarded-For", "198.51.100.154", "X-API-Key", key + "-other").status)
                .as("another key").isEqualTo(200);

        Map<String, Object> audit = fleet.audit("enforce").await(field("client", "198.51.100.153"), AGENT_IO);
        assertThat(audit).containsEntry("rule", "per-key").containsEntry("status", 429);
        assertThat((String) audit.get("key")).startsWith("apikey:#").doesNotContain(key);
        assertThat(fleet.audit("enforce").entries()).as("audit file").noneMatch(e -> e.toString().contains(key));
        assertThat(s.stderr() + s.stdout()).as("the agent's output").doesNotContain(key);
    }

    @Test
    @DisplayName("a HEAD request over the limit gets a clean 429, without an agent error")
    void headRequestOverTheLimitGetsACleanThrottle() {
        ServerProcess s = fleet.enforce();
        String key = "head-key-" + app.id + "-" + jdk.label();
        for (int i = 1; i <= 2; i++) {
            Resp r = Http.send(s, "HEAD", "/api/items/" + i, "X-Forwarded-For", "198.51.100." + (160 + i), "X-API-Key", key);
            assertThat(r.header("X-App")).as("HEAD %d within the key's burst is answered by the app: %s", i, r).isPresent();
        }
        Resp third = Http.send(s, "HEAD", "/api/items/3", "X-Forwarded-For", "198.51.100.163", "X-API-Key", key);
        assertThat(third.status).as("3rd HEAD: %s", third).isEqualTo(429);
        assertThat(third.header("Retry-After")).isPresent();
        assertThat(third.body).isEmpty();
        assertThat(Http.get(s, "/hello", "X-Forwarded-For", "198.51.100.164").status).as("the server still serves").isEqualTo(200);
        assertThat(s.agentLines(line -> line.contains("ERROR"))).as(s.describe("agent errors")).isEmpty();
    }

    // ---- one request, one count ------------------------------------------------------------------------------

    @Test
    @DisplayName("a request through nested filters and a forward is counted once (burst 2: exactly the 3rd is 429)")
    void requestThroughNestedFiltersAndForwardIsCountedOnce() {
        ServerProcess s = fleet.enforce();
        String client = "198.51.100.30";
        Resp first = Http.getAs(s, client, "/forward");
        Resp second = Http.getAs(s, client, "/forward");
        Resp third = Http.getAs(s, client, "/forward");
        assertThat(first.status).isEqualTo(200);
        assertThat(first.body).isEqualTo("hello /hello");
        assertThat(first.header("X-App")).hasValue(app.id);
        assertThat(second.status).as("2nd request: 200 unless the forward was counted again: %s", second).isEqualTo(200);
        assertThat(third.status).as("3rd request: %s", third).isEqualTo(429);
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private static int lineOf(String yaml, String needle) {
        List<String> lines = yaml.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(needle)) return i + 1;
        }
        throw new IllegalArgumentException(needle);
    }

    /** The only sleep in these tests: a client really waiting the Retry-After it was given. */
    private static void sleepSeconds(int seconds) {
        try {
            Thread.sleep(seconds * 1000L + 50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
