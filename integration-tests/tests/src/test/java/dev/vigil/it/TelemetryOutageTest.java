package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.it.harness.App;
import dev.vigil.it.harness.Http;
import dev.vigil.it.harness.ItEnv;
import dev.vigil.it.harness.Jdk;
import dev.vigil.it.harness.ServerProcess;
import dev.vigil.it.otlp.OtlpReceiver;
import dev.vigil.it.otlp.ReceivedTelemetry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The collector goes away for 30 s while an abuser keeps the service busy: every response is what it
 * would have been (the same 200s and 429s, no slower), and once the collector is back the spans and
 * events lost meanwhile are reported in vigil.telemetry.dropped. Then a SIGTERM flushes and exits in
 * bounded time.
 */
@Timeout(300)
class TelemetryOutageTest {
    private static final long OUTAGE_MILLIS = 30_000;
    private static final String POLICY = String.join("\n",
            "trustedProxies: [127.0.0.0/8]",
            "rules:",
            "  - name: items",
            "    routes: [\"/api/**\"]",
            "    rate: 1/m",
            "    burst: 2",
            "");

    @Test
    void aCollectorOutageChangesNoResponseAndTheLossIsReportedAfterwards() throws Exception {
        try (OtlpReceiver receiver = OtlpReceiver.startHttp()) {
            Path dir = ItEnv.newWorkDir("jetty12-telemetry-outage");
            Path policy = Files.writeString(dir.resolve("vigil.yaml"), POLICY);
            try (ServerProcess server = ServerProcess.builder(App.JETTY12, Jdk.JAVA17).name("outage").workDir(dir).policy(policy)
                    .env(receiver.exporterEnvironment())
                    .env("OTEL_BSP_SCHEDULE_DELAY", "100")
                    .env("OTEL_BLRP_SCHEDULE_DELAY", "100")
                    .env("OTEL_METRIC_EXPORT_INTERVAL", "1000")
                    // small SDK queues, so the outage also overflows them, not just failed exports
                    .env("OTEL_BSP_MAX_QUEUE_SIZE", "64")
                    .env("OTEL_BLRP_MAX_QUEUE_SIZE", "64")
                    // an attempt caught by the restart gives up after 2 s instead of 10 s before its retry
                    .env("OTEL_EXPORTER_OTLP_TIMEOUT", "2000")
                    .start().awaitListening()) {
                ReceivedTelemetry got = receiver.telemetry();
                List<Long> before = abuse(server, "198.51.100", 0, 40);
                got.awaitSpans(s -> s.name().equals("vigil.decision"), 40, Duration.ofSeconds(20));
                got.awaitPoint("vigil.telemetry.dropped", p -> "traces".equals(p.attribute("vigil.signal")) && p.longValue() == 0,
                        Duration.ofSeconds(20));

                receiver.stop();
                List<Long> during = new ArrayList<>();
                long end = System.nanoTime() + OUTAGE_MILLIS * 1_000_000;
                int round = 1;
                while (System.nanoTime() < end) {
                    during.addAll(abuse(server, "198.51." + (100 + round % 100), round * 7 % 200, 40));
                    round++;
                }
                receiver.restart();

                long beforeMedian = median(before);
                long duringMedian = median(during);
                assertThat(during.size()).as("requests answered during the outage").isGreaterThan(500);
                assertThat(duringMedian).as("median latency during the outage vs %d us before", beforeMedian / 1000)
                        .isLessThan(Math.max(5 * beforeMedian, 20_000_000L));
                assertThat(Collections.max(during)).as("slowest request during the outage (ns)").isLessThan(2_000_000_000L);

                got.awaitPoint("vigil.telemetry.dropped", p -> "traces".equals(p.attribute("vigil.signal")) && p.longValue() > 0,
                        Duration.ofSeconds(60));
                got.awaitPoint("vigil.telemetry.dropped", p -> "logs".equals(p.attribute("vigil.signal")) && p.longValue() > 0,
                        Duration.ofSeconds(30));
                got.awaitPoint("vigil.decisions", p -> p.longValue() >= during.size() / 3, Duration.ofSeconds(30));
                // decisions made after the collector came back are exported again: once the SDK has worked off (or
                // given up on) what it was still retrying from the outage, which can take a few of its backoffs
                got.clear();
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                int probe = 0;
                while (got.spans().stream().noneMatch(s -> String.valueOf(s.attribute("client.address")).startsWith("192.0.2."))) {
                    if (System.nanoTime() > deadline) {
                        System.out.println(threadDump(server));
                        ProcessHandle.of(server.pid()).orElseThrow().destroy(); // its shutdown line says where the spans are
                        server.awaitExit(Duration.ofSeconds(20));
                        throw new AssertionError("no span for a decision made after the outage within 90 s; receiver got "
                                + receiver.requestsReceived() + " requests, refused " + receiver.requestsRefused() + "\n"
                                + server.describe("after the outage"));
                    }
                    abuse(server, "192.0.2", probe++ % 250, 1);
                    ServerProcess.pause(500);
                }

                long stopping = System.nanoTime();
                ProcessHandle.of(server.pid()).orElseThrow().destroy();
                assertThat(server.awaitExit(Duration.ofSeconds(20))).as("exit status after SIGTERM").isNotNegative();
                assertThat((System.nanoTime() - stopping) / 1_000_000).as("shutdown took (ms)").isLessThan(10_000);
                assertThat(server.stderr()).contains("[vigil] telemetry flushed");
            }
        }
    }

    /**
     * Each of {@code callers} clients asks 3 times: 200, 200, then 429 (burst 2, 1/min). Fails on any
     * other answer; returns every request's latency in nanoseconds.
     */
    private static List<Long> abuse(ServerProcess server, String network, int first, int callers) {
        List<Long> latencies = new ArrayList<>();
        for (int c = first; c < first + callers; c++) {
            String client = network + "." + (c % 250 + 1);
            for (int attempt = 1; attempt <= 3; attempt++) {
                long start = System.nanoTime();
                Http.Resp r = Http.get(server, "/api/items/" + attempt, "X-Forwarded-For", client);
                latencies.add(System.nanoTime() - start);
                if (attempt < 3 && r.status != 200 && r.status != 429) {
                    throw new AssertionError(client + " attempt " + attempt + ": " + r);
                }
                if (attempt == 3) {
                    assertThat(r.status).as("%s's third request", client).isEqualTo(429);
                }
            }
        }
        return latencies;
    }

    /** The child's threads, for a failure report: which one holds the telemetry up. */
    private static String threadDump(ServerProcess server) {
        try {
            Process jcmd = new ProcessBuilder(server.jdk.home().resolve("bin/jcmd").toString(), Long.toString(server.pid()), "Thread.print")
                    .redirectErrorStream(true).start();
            String dump = new String(jcmd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            jcmd.waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
            return dump;
        } catch (Exception e) {
            return "no thread dump: " + e;
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
