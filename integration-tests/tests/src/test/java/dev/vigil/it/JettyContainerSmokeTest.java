package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.it.harness.App;
import dev.vigil.it.harness.ItEnv;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.MountableFile;

/**
 * The Jetty 12 app with the agent inside a container, where a Docker engine exists; skipped cleanly elsewhere.
 * Its real-process counterpart is {@link ServerMatrixTest} on jetty12.
 */
@Testcontainers(disabledWithoutDocker = true)
@Timeout(300)
class JettyContainerSmokeTest {

    @Test
    void jettyWithAgentInAContainerThrottlesTheThirdRequest() throws Exception {
        Path policy = ItEnv.newWorkDir("container-jetty12").resolve("vigil.yaml");
        Files.writeString(policy, String.join("\n",
                "mode: enforce",
                "rules:",
                "  - name: tight",
                "    routes: [\"/hello\"]",
                "    key: ip",
                "    rate: 1/m",
                "    burst: 2",
                ""));
        List<String> classpath = new ArrayList<>();
        try (GenericContainer<?> jetty = new GenericContainer<>("eclipse-temurin:17-jre")) {
            jetty.withCopyFileToContainer(MountableFile.forHostPath(ItEnv.agentJar()), "/vigil/vigil-agent.jar")
                    .withCopyFileToContainer(MountableFile.forHostPath(policy), "/vigil/vigil.yaml");
            int i = 0;
            for (String entry : App.JETTY12.classpath().split(File.pathSeparator)) {
                String target = "/app/cp" + (i++) + (entry.endsWith(".jar") ? ".jar" : "");
                jetty.withCopyFileToContainer(MountableFile.forHostPath(entry), target);
                classpath.add(target);
            }
            jetty.withExposedPorts(8080)
                    .withCommand("java", "-javaagent:/vigil/vigil-agent.jar=config=/vigil/vigil.yaml",
                            "-cp", String.join(":", classpath), App.JETTY12.mainClass, "8080", "0.0.0.0")
                    .waitingFor(Wait.forLogMessage(".*LISTENING 8080.*", 1).withStartupTimeout(Duration.ofSeconds(120)));
            jetty.start();

            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            URI hello = URI.create("http://" + jetty.getHost() + ":" + jetty.getMappedPort(8080) + "/hello");
            int[] statuses = new int[3];
            for (int n = 0; n < 3; n++) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(hello).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                statuses[n] = r.statusCode();
                if (n == 0) {
                    assertThat(r.body()).isEqualTo("hello /hello");
                    assertThat(r.headers().firstValue("X-App")).hasValue("jetty12");
                }
            }
            assertThat(statuses).containsExactly(200, 200, 429);
            assertThat(jetty.getLogs()).contains("[vigil] Vigil ").contains(" started: mode=enforce");
        }
    }
}
