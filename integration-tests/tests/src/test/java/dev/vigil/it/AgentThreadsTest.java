package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.it.harness.App;
import dev.vigil.it.harness.Http;
import dev.vigil.it.harness.ItEnv;
import dev.vigil.it.harness.Jdk;
import dev.vigil.it.harness.ServerProcess;
import dev.vigil.it.otlp.OtlpReceiver;
import dev.vigil.it.otlp.ReceivedTelemetry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The budget "at most 3 extra threads with OpenTelemetry export on": the JDK HttpServer app's
 * threads, listed by jcmd, with the agent (export on, the default OTLP/HTTP, to a real receiver,
 * and an audit file) once it has served requests and exported spans, events and metrics, against
 * the same app and requests without the agent.
 */
@Timeout(120)
class AgentThreadsTest {
    private static final Duration ARRIVAL = Duration.ofSeconds(30);
    private static final Pattern JAVA_THREAD = Pattern.compile("^\"(.+)\" #\\d+", Pattern.MULTILINE);
    /** The JVM starts compiler threads as the load asks: not the app's, not the agent's. */
    private static final Pattern JVM_SERVICE = Pattern.compile("C[12] CompilerThread\\d+|Attach Listener");

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void theAgentAddsAtMostThreeThreadsWithExportOn(Jdk jdk) throws Exception {
        Assumptions.assumeTrue(jdk.available(), jdk + " not installed");
        List<String> without;
        try (ServerProcess app = ServerProcess.builder(App.JDK_HTTPSERVER, jdk).name("threads-no-agent").withoutAgent().start().awaitListening()) {
            serve(app);
            without = threads(app);
        }
        try (OtlpReceiver receiver = OtlpReceiver.startHttp()) {
            Path dir = ItEnv.newWorkDir("jdk-httpserver-" + jdk.label() + "-threads");
            Path policy = Files.writeString(dir.resolve("vigil.yaml"), String.join("\n",
                    "trustedProxies: [127.0.0.0/8]",
                    "deny: [203.0.113.0/24]",
                    "audit: { file: " + dir.resolve("audit.jsonl") + " }",
                    ""));
            try (ServerProcess app = ServerProcess.builder(App.JDK_HTTPSERVER, jdk).name("threads").workDir(dir).policy(policy)
                    .env(receiver.exporterEnvironment())
                    .env("OTEL_BSP_SCHEDULE_DELAY", "100")
                    .env("OTEL_BLRP_SCHEDULE_DELAY", "100")
                    .env("OTEL_METRIC_EXPORT_INTERVAL", "500")
                    .start().awaitListening()) {
                serve(app);
                ReceivedTelemetry got = receiver.telemetry();
                got.awaitSpan(s -> s.name().equals("vigil.decision"), ARRIVAL);
                got.awaitEvent("vigil.block", ARRIVAL);
                got.awaitPoint("vigil.requests", p -> p.longValue() >= 8, ARRIVAL);
                ServerProcess.pause(1_000); // another metric export, and whatever it might start
                assertThat(Files.readString(dir.resolve("audit.jsonl"))).contains("\"rule\":\"deny-list\"");
                List<String> with = threads(app);
                List<String> added = new ArrayList<>(with);
                without.forEach(added::remove);
                assertThat(with.size() - without.size())
                        .as("threads added by the agent: %s (without the agent: %s)", added, without)
                        .isLessThanOrEqualTo(3);
                assertThat(added).as("Vigil's timer, its telemetry thread and the one OTLP/HTTP client's selector")
                        .contains("vigil-scheduler", "vigil-telemetry");
                assertThat(app.agentLines(l -> l.contains("ERROR"))).as(app.describe("agent errors")).isEmpty();
            }
        }
    }

    /** Eight requests: the app's pool of four has all its threads, and two deny-listed callers got a 403. */
    private static void serve(ServerProcess app) {
        for (int i = 0; i < 8; i++) {
            Http.get(app, "/hello", "X-Forwarded-For", i % 4 == 0 ? "203.0.113.9" : "198.51.100.7");
        }
    }

    /** The names of the child's Java threads, by jcmd Thread.print, without the JVM's compiler threads and jcmd's own. */
    private static List<String> threads(ServerProcess app) throws Exception {
        Path dump = app.workDir.resolve("threads-" + System.nanoTime() + ".txt");
        Process jcmd = new ProcessBuilder(app.jdk.home().resolve("bin").resolve("jcmd").toString(), Long.toString(app.pid()), "Thread.print")
                .redirectErrorStream(true).redirectOutput(dump.toFile()).start();
        assertThat(jcmd.waitFor(30, TimeUnit.SECONDS)).as("jcmd finished").isTrue();
        String text = Files.readString(dump, StandardCharsets.UTF_8);
        List<String> names = new ArrayList<>();
        Matcher thread = JAVA_THREAD.matcher(text);
        while (thread.find()) {
            if (!JVM_SERVICE.matcher(thread.group(1)).matches()) {
                names.add(thread.group(1));
            }
        }
        assertThat(names).as("threads in " + dump).contains("Reference Handler");
        return names;
    }
}
