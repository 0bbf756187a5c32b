package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.it.harness.FrameworkApp;
import dev.vigil.it.harness.Http;
import dev.vigil.it.harness.ItEnv;
import dev.vigil.it.harness.Jdk;
import dev.vigil.it.harness.ServerProcess;
import dev.vigil.it.otlp.OtlpReceiver;
import dev.vigil.it.otlp.ReceivedSpan;
import dev.vigil.it.otlp.ReceivedTelemetry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An app that runs its own OpenTelemetry SDK (the same library, version and OTEL_* settings as
 * Vigil's private copy) and makes it global: Vigil does not take its GlobalOpenTelemetry, both
 * export side by side to the same collector, each under its own instrumentation scope.
 */
@Timeout(120)
class AppOwnOpenTelemetryTest {
    private static final Duration ARRIVAL = Duration.ofSeconds(20);

    @ParameterizedTest(name = "on {0}")
    @EnumSource(Jdk.class)
    void vigilAndTheAppsOwnSdkExportSideBySide(Jdk jdk) throws Exception {
        Assumptions.assumeTrue(jdk.available(), jdk + " not installed");
        try (OtlpReceiver receiver = OtlpReceiver.startHttp()) {
            Path dir = ItEnv.newWorkDir("otel-sdk-" + jdk.label());
            Path policy = Files.writeString(dir.resolve("vigil.yaml"),
                    String.join("\n", "rules:", "  - { name: items, routes: [\"/api/**\"], rate: 1/m, burst: 2 }", ""));
            try (ServerProcess server = ServerProcess.builder(FrameworkApp.OTEL_SDK, jdk).name("otel-sdk").workDir(dir).policy(policy)
                    .env(receiver.exporterEnvironment())
                    .env("OTEL_SERVICE_NAME", "own-otel-app")
                    .env("OTEL_METRICS_EXPORTER", "none")
                    .env("OTEL_LOGS_EXPORTER", "none")
                    .env("OTEL_BSP_SCHEDULE_DELAY", "100")
                    .start().awaitListening()) {
                Http.Resp global = Http.get(server, "/otel/global");
                assertThat(global.status).isEqualTo(200);
                assertThat(global.body).as("the app's GlobalOpenTelemetry is its own SDK").startsWith("io.opentelemetry.").doesNotContain("vigil");

                assertThat(List.of(Http.get(server, "/api/items/1").status, Http.get(server, "/api/items/2").status, Http.get(server, "/api/items/3").status))
                        .containsExactly(200, 200, 429);

                ReceivedTelemetry got = receiver.telemetry();
                List<ReceivedSpan> appSpans = got.awaitSpans(s -> s.name().equals("app.lookup"), 2, ARRIVAL);
                assertThat(appSpans).allSatisfy(s -> {
                    assertThat(s.scopeName()).isEqualTo("app");
                    assertThat(s.serviceName()).isEqualTo("own-otel-app");
                });
                ReceivedSpan vigil = got.awaitSpan(s -> s.name().equals("vigil.decision"), ARRIVAL);
                assertThat(vigil.scopeName()).isEqualTo("dev.vigil");
                assertThat(vigil.attribute("url.path")).isEqualTo("/api/items/3");
                assertThat(got.spans()).filteredOn(s -> s.name().equals("app.lookup")).as("the throttled request never reached the app").hasSize(2);
                assertThat(server.agentLines(l -> l.contains("ERROR"))).as(server.describe("agent errors")).isEmpty();
            }
        }
    }
}
