package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.tools.attach.VirtualMachine;
import dev.vigil.it.harness.App;
import dev.vigil.it.harness.Http;
import dev.vigil.it.harness.ItEnv;
import dev.vigil.it.harness.Jdk;
import dev.vigil.it.harness.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * agentmain: the agent attached to a server that is already running and serving. Its servlet and
 * HTTP-server classes are loaded by then, so protection depends on retransforming them.
 */
@Timeout(90)
class RuntimeAttachTest {

  @ParameterizedTest(name = "{0} on java17")
  @EnumSource(value = App.class, names = {"JETTY12", "JDK_HTTPSERVER"})
  void attachingToARunningServerProtectsItFromThenOn(App app) throws Exception {
    Jdk jdk = Jdk.JAVA17;
    Assumptions.assumeTrue(jdk.available(), jdk + " not installed");
    try (ServerProcess server = ServerProcess.builder(app, jdk).name("attach").withoutAgent().start().awaitListening()) {
      for (int i = 0; i < 5; i++) {
        assertThat(Http.get(server, "/hello").status).as("before attaching, no limits").isEqualTo(200);
      }
      Path policy = server.workDir.resolve("attach.yaml");
      Files.writeString(policy, "rules:\n  - name: attached\n    rate: 1/m\n    burst: 2\n");

      VirtualMachine vm = VirtualMachine.attach(Long.toString(server.pid()));
      try {
        vm.loadAgent(ItEnv.agentJar().toString(), "config=" + policy);
      } finally {
        vm.detach();
      }
      assertThat(server.awaitAgentLine(line -> line.contains(" started: "), Duration.ofSeconds(20)))
          .contains("attached at runtime")
          .contains("policy=file " + policy);

      assertThat(Http.get(server, "/hello").status).isEqualTo(200);
      assertThat(Http.get(server, "/hello").status).isEqualTo(200);
      Http.Resp third = Http.get(server, "/hello");
      assertThat(third.status).as("third request after attaching, burst 2").isEqualTo(429);
      assertThat(third.header("Retry-After")).isPresent();
    }
  }
}
