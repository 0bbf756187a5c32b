package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.it.harness.App;
import dev.vigil.it.harness.Http;
import dev.vigil.it.harness.ItEnv;
import dev.vigil.it.harness.Jdk;
import dev.vigil.it.harness.ServerProcess;
import dev.vigil.it.otlp.OtlpProtocol;
import dev.vigil.it.otlp.OtlpReceiver;
import dev.vigil.it.otlp.ReceivedLogRecord;
import dev.vigil.it.otlp.ReceivedSpan;
import dev.vigil.it.otlp.ReceivedTelemetry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a collector receives from a real server with Vigil attached, over OTLP/HTTP and OTLP/gRPC,
 * decoded with the official protobuf classes: a span per decision joined to the caller's
 * traceparent, events with the rule and the same ids, metrics by action and rule, the resource from
 * the standard OTEL_* settings, and never a session id or an API key.
 */
@Timeout(150)
class TelemetryExportTest {
    private static final Duration ARRIVAL = Duration.ofSeconds(20);
    private static final String SCRAPER = "198.51.100.7";
    private static final String POLICY = String.join("\n",
            "trustedProxies: [127.0.0.0/8]",
            "apiKeyHeader: X-Api-Key",
            "deny: [203.0.113.0/24]",
            "rules:",
            "  - name: items",
            "    routes: [\"/api/**\"]",
            "    rate: 1/m",
            "    burst: 2",
            "");

    static Stream<Arguments> targets() {
        List<Arguments> targets = new ArrayList<>();
        for (Jdk jdk : Jdk.values()) {
            for (OtlpProtocol protocol : OtlpProtocol.values()) {
                targets.add(Arguments.of(App.JETTY12, jdk, protocol));
            }
        }
        targets.add(Arguments.of(App.JDK_HTTPSERVER, Jdk.JAVA17, OtlpProtocol.HTTP_PROTOBUF));
        targets.add(Arguments.of(App.TOMCAT9_JAVAX, Jdk.JAVA17, OtlpProtocol.GRPC));
        return targets.stream();
    }

    @ParameterizedTest(name = "{0} on {1}, OTLP {2}")
    @MethodSource("targets")
    void decisionsArriveAsSpansEventsAndMetrics(App app, Jdk jdk, OtlpProtocol protocol) throws Exception {
        Assumptions.assumeTrue(jdk.available(), jdk + " not installed");
        try (OtlpReceiver receiver = protocol.startReceiver()) {
            Path dir = ItEnv.newWorkDir(app.id + "-" + jdk.label() + "-telemetry-" + protocol.name());
            Path policy = Files.writeString(dir.resolve("vigil.yaml"), POLICY);
            try (ServerProcess server = ServerProcess.builder(app, jdk).name("telemetry").workDir(dir).policy(policy)
                    .env(receiver.exporterEnvironment())
                    .env("OTEL_SERVICE_NAME", "it-shop")
                    .env("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment.name=it")
                    .env("OTEL_BSP_SCHEDULE_DELAY", "100")
                    .env("OTEL_BLRP_SCHEDULE_DELAY", "100")
                    .env("OTEL_METRIC_EXPORT_INTERVAL", "500")
                    .start().awaitListening()) {
                String startup = server.awaitAgentLine(l -> l.contains(" started: "), Duration.ofSeconds(20));
                assertThat(startup).contains("exporters=otlp " + protocol.otelName + " to " + receiver.endpoint() + " (traces, metrics, logs)");

                String traceId = randomHex(16);
                String parentId = randomHex(8);
                String traceparent = "00-" + traceId + "-" + parentId + "-01";
                for (int i = 1; i <= 2; i++) {
                    assertThat(scrape(server, "/api/items/" + i, traceparent).status).isEqualTo(200);
                }
                Http.Resp throttled = scrape(server, "/api/items/3;jsessionid=SESSIONSECRET", traceparent);
                assertThat(throttled.status).isEqualTo(429);

                ReceivedTelemetry got = receiver.telemetry();
                ReceivedSpan span = got.awaitSpan(s -> s.name().equals("vigil.decision") && s.traceId().equals(traceId), ARRIVAL);
                assertThat(span.parentSpanId()).as("joined to the caller's traceparent").isEqualTo(parentId);
                assertThat(span.kind()).isEqualTo("INTERNAL");
                assertThat(span.scopeName()).isEqualTo("dev.vigil");
                assertThat(span.resource()).containsEntry("service.name", "it-shop").containsEntry("deployment.environment.name", "it");
                assertThat(span.attributes())
                        .containsEntry("http.request.method", "GET")
                        .containsEntry("url.path", "/api/items/3")
                        .containsEntry("http.route", "/api/items/{id}")
                        .containsEntry("vigil.rule.route", "/api/**")
                        .containsEntry("http.response.status_code", 429L)
                        .containsEntry("client.address", SCRAPER)
                        .containsEntry("user_agent.original", "it-scraper/1.0")
                        .containsEntry("vigil.action", "throttle")
                        .containsEntry("vigil.rule", "items")
                        .containsEntry("vigil.key.type", "ip")
                        .containsEntry("vigil.enforced", true)
                        .containsEntry("vigil.retry_after", Long.parseLong(throttled.header("Retry-After").orElseThrow()));

                ReceivedLogRecord event = got.awaitEvent("vigil.throttle", ARRIVAL);
                assertThat(event.traceId()).isEqualTo(traceId);
                assertThat(event.spanId()).as("the event belongs to the decision's span").isEqualTo(span.spanId());
                assertThat(event.attributes()).containsEntry("security_rule.name", "items").containsEntry("client.address", SCRAPER);
                assertThat(event.severityText()).isEqualTo("WARN");
                assertThat(String.valueOf(event.body())).contains("throttled GET /api/items/3 from " + SCRAPER + " by rule items");

                assertThat(Http.get(server, "/hello", "X-Forwarded-For", "203.0.113.9").status).isEqualTo(403);
                ReceivedLogRecord block = got.awaitEvent("vigil.block", ARRIVAL);
                assertThat(block.attributes()).containsEntry("security_rule.name", "deny-list").containsEntry("client.address", "203.0.113.9");

                got.awaitPoint("vigil.decisions", p -> "items".equals(p.attribute("security_rule.name"))
                        && "throttle".equals(p.attribute("vigil.action")) && p.longValue() == 1, ARRIVAL);
                got.awaitPoint("vigil.decisions", p -> "deny-list".equals(p.attribute("security_rule.name")) && p.longValue() == 1, ARRIVAL);
                got.awaitPoint("vigil.requests", p -> p.longValue() >= 4, ARRIVAL);
                got.awaitPoint("vigil.callers.tracked", p -> p.longValue() >= 1, ARRIVAL);
                for (String metric : List.of("vigil.lockouts.active", "vigil.cache.evictions", "vigil.errors")) {
                    got.awaitMetric(m -> m.name().equals(metric), ARRIVAL);
                }
                got.awaitPoint("vigil.telemetry.dropped", p -> "traces".equals(p.attribute("vigil.signal")) && p.longValue() == 0, ARRIVAL);

                assertThat(got.metrics()).as("only Vigil's own metrics, not the SDK's self-reporting")
                        .allSatisfy(m -> assertThat(m.name()).startsWith("vigil."));
                String everything = got.spans().toString() + got.logRecords() + got.metrics();
                assertThat(everything).as("no session id, no raw API key").doesNotContain("SESSIONSECRET").doesNotContain("key-RAWSECRET");
                // the SDK warns when one metric export outlasts the (test-short) interval, e.g. the cold first one
                assertThat(server.agentLines(l -> l.contains("ERROR") && !l.contains("PeriodicMetricReader: Exporter timed out")))
                        .as(server.describe("agent errors")).isEmpty();
            }
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("loginTargets")
    void loginAttacksArriveAsFailuresLockoutsAnomaliesAndExpiries(App app, Jdk jdk) throws Exception {
        Assumptions.assumeTrue(jdk.available(), jdk + " not installed");
        String hashKey = "it-user-hash-key";
        try (OtlpReceiver receiver = OtlpReceiver.startHttp()) {
            Path dir = ItEnv.newWorkDir(app.id + "-" + jdk.label() + "-login-telemetry");
            Path policy = Files.writeString(dir.resolve("vigil.yaml"), String.join("\n",
                    "trustedProxies: [127.0.0.0/8]",
                    "rules: []",
                    "telemetry: { users: hash }",
                    "login:",
                    "  userIp: { threshold: 5, lockout: 2s, jitter: 0s }",
                    // a login route refuses by source: the address locks at 7, the username+address at 5
                    "  ip: { threshold: 7, lockout: 2s, jitter: 0s }",
                    "  stuffing: { distinctUsernamesPerIp: 6 }",
                    "  routes:",
                    "    - { path: /login, usernameParameter: user }",
                    ""));
            try (ServerProcess server = ServerProcess.builder(app, jdk).name("login-telemetry").workDir(dir).policy(policy)
                    .env(receiver.exporterEnvironment())
                    .env("VIGIL_USER_HASH_KEY", hashKey)
                    .env("OTEL_BSP_SCHEDULE_DELAY", "100")
                    .env("OTEL_BLRP_SCHEDULE_DELAY", "100")
                    .env("OTEL_METRIC_EXPORT_INTERVAL", "500")
                    .start().awaitListening()) {
                String attacker = "198.51.100.30";
                for (int i = 1; i <= 7; i++) {
                    assertThat(Http.postForm(server, "/login", "user=alice&password=guess" + i, "X-Forwarded-For", attacker).status).isEqualTo(401);
                }
                Http.Resp locked = Http.postForm(server, "/login", "user=alice&password=secret", "X-Forwarded-For", attacker);
                assertThat(locked.status).isEqualTo(429);

                ReceivedTelemetry got = receiver.telemetry();
                String aliceHash = hmacHex(hashKey, "alice");
                List<ReceivedLogRecord> failures = got.awaitLogRecords(e -> "vigil.login.failure".equals(e.eventName()), 5, ARRIVAL);
                assertThat(failures).allSatisfy(e -> assertThat(e.attributes())
                        .containsEntry("user.hash", aliceHash)
                        .containsEntry("client.address", attacker)
                        .containsEntry("vigil.login.outcome", "failure")
                        .doesNotContainKey("user.id"));
                ReceivedLogRecord lockout = got.awaitEvent("vigil.lockout", ARRIVAL);
                assertThat(lockout.attributes())
                        .containsEntry("security_rule.name", "user-ip")
                        .containsEntry("user.hash", aliceHash)
                        .containsEntry("client.address", attacker)
                        .containsEntry("vigil.retry_after", 2L);
                ReceivedLogRecord refused = got.awaitEvent("vigil.throttle", ARRIVAL);
                assertThat(refused.attributes()).containsEntry("security_rule.name", "ip").containsEntry("http.response.status_code", 429L);
                ReceivedLogRecord expired = got.awaitEvent("vigil.lockout.expired", ARRIVAL);
                assertThat(expired.attributes()).containsEntry("security_rule.name", "user-ip").containsEntry("vigil.key", "ip:" + attacker);

                String stuffer = "198.51.100.31";
                for (int i = 0; i < 6; i++) {
                    Http.postForm(server, "/login", "user=victim" + i + "&password=Summer2026!", "X-Forwarded-For", stuffer);
                }
                ReceivedLogRecord anomaly = got.awaitEvent("vigil.anomaly", ARRIVAL);
                assertThat(anomaly.attributes())
                        .containsEntry("vigil.signal", "distinct-usernames-per-ip")
                        .containsEntry("vigil.signal.value", 6.0)
                        .containsEntry("client.address", stuffer);
                got.awaitPoint("vigil.lockouts.active", p -> p.longValue() >= 1, ARRIVAL);

                String everything = got.logRecords().toString() + got.spans();
                assertThat(everything).as("no username, no password leaves the process")
                        .doesNotContain("alice").doesNotContain("victim3").doesNotContain("Summer2026").doesNotContain("secret");
            }
        }
    }

    static Stream<Arguments> loginTargets() {
        List<Arguments> targets = new ArrayList<>();
        for (Jdk jdk : Jdk.values()) {
            targets.add(Arguments.of(App.JETTY12, jdk));
        }
        targets.add(Arguments.of(App.TOMCAT11, Jdk.JAVA17));
        return targets.stream();
    }

    private static String hmacHex(String key, String value) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(key.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(value.getBytes(java.nio.charset.StandardCharsets.UTF_8))).substring(0, 16);
    }

    private static Http.Resp scrape(ServerProcess server, String path, String traceparent) {
        return Http.get(server, path, "traceparent", traceparent, "X-Forwarded-For", SCRAPER, "User-Agent", "it-scraper/1.0",
                "X-Api-Key", "key-RAWSECRET");
    }

    static String randomHex(int bytes) {
        byte[] id = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(id);
        id[0] |= 1;
        return HexFormat.of().formatHex(id);
    }
}
