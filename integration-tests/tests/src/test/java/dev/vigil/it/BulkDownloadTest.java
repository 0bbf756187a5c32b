package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.it.harness.App;
import dev.vigil.it.harness.FrameworkApp;
import dev.vigil.it.harness.Http;
import dev.vigil.it.harness.Http.Resp;
import dev.vigil.it.harness.Jdk;
import dev.vigil.it.harness.Launchable;
import dev.vigil.it.harness.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A caller downloading far more bytes than the policy allows a caller's object lookups (lowered to
 * 20 MB per 5 minutes here, so the test is quick), in 1 MB reports the app writes without a length:
 * the agent reads the size from each container's own count (Jetty 12, Spring Boot's Tomcat) or the
 * length the handler gave (JDK HttpServer), and refuses the downloader once it is past the bytes
 * and 20 distinct reports; every report it was served arrived whole.
 */
@Timeout(120)
class BulkDownloadTest {
    private static final String DOWNLOADER = "203.0.113.70";

    static Stream<Arguments> servers() {
        return Stream.of(Arguments.of(App.JETTY12), Arguments.of(FrameworkApp.SPRING_BOOT), Arguments.of(App.JDK_HTTPSERVER));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aBulkDownloaderIsRefusedByTheBytesItWasSent(Launchable app, @TempDir Path dir) throws Exception {
        Path policy = dir.resolve("vigil.yaml");
        Files.writeString(policy, "detectors:\n  enumeration: { megabytesPerWindow: 20 }\n");
        Files.createDirectories(dir.resolve("tmp"));
        try (ServerProcess server = ServerProcess.builder(app, Jdk.JAVA17).name("bulk-download").workDir(dir).policy(policy).start().awaitListening()) {
            int served = 0;
            for (int id = 1; id <= 60; id++) {
                Resp r = Http.get(server, "/reports/" + id, "X-Forwarded-For", DOWNLOADER);
                if (r.status == 429) {
                    break;
                }
                assertThat(r.status).as("report %d", id).isEqualTo(200);
                assertThat(r.body.length()).as("report %d arrived whole", id).isEqualTo(1 << 20);
                served++;
            }
            System.out.printf("[measured] bulk download on %s: %d reports of 1 MB served%n", app.id(), served);
            assertThat(served).as("reports served: past 20 MB, once 20 distinct were looked up").isBetween(20, 24);
            assertThat(Http.get(server, "/reports/1", "X-Forwarded-For", "198.51.100.70").status).as("another client").isEqualTo(200);
            assertThat(server.agentLines(l -> l.contains("rule=enumeration"))).as(server.describe("the refusal's notice")).isNotEmpty();
        }
    }
}
