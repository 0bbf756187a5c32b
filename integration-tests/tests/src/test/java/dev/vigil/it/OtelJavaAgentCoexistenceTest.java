package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.it.harness.App;
import dev.vigil.it.harness.Http;
import dev.vigil.it.harness.ItEnv;
import dev.vigil.it.harness.Jdk;
import dev.vigil.it.harness.ServerProcess;
import dev.vigil.it.otlp.OtlpProtocol;
import dev.vigil.it.otlp.OtlpReceiver;
import dev.vigil.it.otlp.ReceivedSpan;
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
 * The OpenTelemetry Java agent and Vigil attached to the same service (both -javaagent flags): the app
 * serves as usual, Vigil still throttles, and the OTel agent's own server spans reach a real OTLP
 * receiver, joined to an incoming W3C traceparent.
 */
@Timeout(120)
class OtelJavaAgentCoexistenceTest {
    private static final Duration ARRIVAL = Duration.ofSeconds(20);
    private static final String SERVICE = "coexistence-app";

    static Stream<Arguments> targets() {
        List<Arguments> targets = new ArrayList<>();
        for (Jdk jdk : Jdk.values()) {
            for (App app : List.of(App.JETTY12, App.JDK_HTTPSERVER)) {
                targets.add(Arguments.of(app, jdk, OtlpProtocol.HTTP_PROTOBUF));
            }
        }
        targets.add(Arguments.of(App.JETTY12, Jdk.JAVA17, OtlpProtocol.GRPC));
        return targets.stream();
    }

    @ParameterizedTest(name = "{0} on {1}, OTLP {2}")
    @MethodSource("targets")
    void bothAgentsAttachedServeTraceAndThrottle(App app, Jdk jdk, OtlpProtocol protocol) throws Exception {
        Assumptions.assumeTrue(jdk.available(), jdk + " not installed");
        try (OtlpReceiver receiver = protocol.startReceiver()) {
            Path workDir = ItEnv.newWorkDir(app.id + "-" + jdk.label() + "-otel-agent-" + protocol);
            try (ServerProcess server = ServerProcess.builder(app, jdk).workDir(workDir).policy(tightPolicy(workDir))
                    .otelJavaAgent()
                    .env(receiver.exporterEnvironment())
                    .env("OTEL_SERVICE_NAME", SERVICE)
                    .env("OTEL_METRICS_EXPORTER", "none")
                    .env("OTEL_LOGS_EXPORTER", "none")
                    .env("OTEL_BSP_SCHEDULE_DELAY", "100") // export spans within 0.1 s instead of 5 s
                    .start().awaitListening()) {
                server.awaitAgentLine(line -> line.contains(" started: "), Duration.ofSeconds(20));
                Http.Resp hello = Http.get(server, "/hello");
                assertThat(hello.status).isEqualTo(200);
                assertThat(hello.body).isEqualTo("hello /hello");
                assertThat(hello.header("X-App")).hasValue(app.id);

                ReceivedSpan helloSpan = receiver.telemetry().awaitSpan(s -> isServerSpanFor(s, "/hello"), ARRIVAL);
                assertThat(helloSpan.serviceName()).isEqualTo(SERVICE);
                assertThat(helloSpan.attributes())
                        .containsEntry("http.request.method", "GET")
                        .containsEntry("http.response.status_code", 200L);
                assertThat(helloSpan.isRoot()).as("no traceparent sent: a new trace").isTrue();

                String traceId = randomHex(16);
                String parentSpanId = randomHex(8);
                Http.Resp item = Http.get(server, "/api/items/7", "traceparent", "00-" + traceId + "-" + parentSpanId + "-01");
                assertThat(item.status).isEqualTo(200);
                ReceivedSpan itemSpan = receiver.telemetry().awaitSpan(s -> isServerSpanFor(s, "/api/items/7"), ARRIVAL);
                assertThat(itemSpan.traceId()).as("joined to the incoming traceparent").isEqualTo(traceId);
                assertThat(itemSpan.parentSpanId()).isEqualTo(parentSpanId);

                Http.Resp second = Http.get(server, "/api/items/8");
                Http.Resp throttled = Http.get(server, "/api/items/9");
                assertThat(second.status).isEqualTo(200);
                assertThat(throttled.status).as("Vigil still throttles beside the OTel agent (burst 2)").isEqualTo(429);
                assertThat(throttled.header("Retry-After")).isPresent();
                ReceivedSpan vigilSpan = receiver.telemetry().awaitSpan(
                        s -> s.name().equals("vigil.decision") && "/api/items/9".equals(s.attribute("url.path")), ARRIVAL);
                assertThat(vigilSpan.scopeName()).isEqualTo("dev.vigil");
                assertThat(vigilSpan.serviceName()).as("Vigil reads the same OTEL_SERVICE_NAME").isEqualTo(SERVICE);
                if (app.servlet) {
                    // the container's server span starts before any filter, so it encloses Vigil's decision
                    ReceivedSpan throttledSpan = receiver.telemetry().awaitSpan(s -> isServerSpanFor(s, "/api/items/9"), ARRIVAL);
                    assertThat(throttledSpan.attribute("http.response.status_code")).isEqualTo(429L);
                    assertThat(vigilSpan.traceId()).as("Vigil's span is in the OTel agent's trace, with no traceparent sent")
                            .isEqualTo(throttledSpan.traceId());
                    assertThat(vigilSpan.parentSpanId()).as("and a child of its server span").isEqualTo(throttledSpan.spanId());
                } else {
                    // On the JDK HttpServer the OTel agent starts its span in a Filter it adds to the context, inside
                    // the Filter.Chain.doFilter call where Vigil decides: a request Vigil throttles gets no OTel span,
                    // and Vigil's span joins the caller's traceparent when there is one.
                    String callerTrace = randomHex(16);
                    Http.Resp again = Http.get(server, "/api/items/10", "traceparent", "00-" + callerTrace + "-" + randomHex(8) + "-01");
                    assertThat(again.status).isEqualTo(429);
                    receiver.telemetry().awaitSpan(s -> s.name().equals("vigil.decision") && s.traceId().equals(callerTrace), ARRIVAL);
                }
                assertThat(server.agentLines(l -> l.contains("ERROR"))).as(server.describe("Vigil errors beside the OTel agent")).isEmpty();
            }
        }
    }

    private static boolean isServerSpanFor(ReceivedSpan span, String path) {
        return span.kind().equals("SERVER") && path.equals(span.attribute("url.path"));
    }

    private static Path tightPolicy(Path dir) throws Exception {
        return Files.writeString(dir.resolve("vigil.yaml"), String.join("\n",
                "rules:",
                "  - name: items",
                "    routes: [\"/api/**\"]",
                "    rate: 1/m",
                "    burst: 2",
                ""));
    }

    private static String randomHex(int bytes) {
        byte[] id = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(id);
        id[0] |= 1; // never the all-zero invalid id
        return HexFormat.of().formatHex(id);
    }
}
