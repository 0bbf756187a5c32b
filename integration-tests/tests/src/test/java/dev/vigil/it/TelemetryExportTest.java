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
                        .containsEntry("http.route", "/api/**")
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

                String everything = got.spans().toString() + got.logRecords() + got.metrics();
                assertThat(everything).as("no session id, no raw API key").doesNotContain("SESSIONSECRET").doesNotContain("key-RAWSECRET");
                // the SDK warns when one metric export outlasts the (test-short) interval, e.g. the cold first one
                assertThat(server.agentLines(l -> l.contains("ERROR") && !l.contains("PeriodicMetricReader: Exporter timed out")))
                        .as(server.describe("agent errors")).isEmpty();
            }
        }
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
