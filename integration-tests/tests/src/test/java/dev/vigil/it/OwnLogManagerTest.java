package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.it.harness.ItEnv;
import dev.vigil.it.harness.Jdk;
import dev.vigil.it.probes.OwnLogManagerApp;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An app that installs its own JUL LogManager in main (WildFly, Log4j's JUL bridge) still gets it
 * with the agent: nothing in premain (the agent's caches, its telemetry) may start JUL first.
 */
@Timeout(120)
class OwnLogManagerTest {
  private static final String OWN = "log manager: " + OwnLogManagerApp.AppLogManager.class.getName();

  @ParameterizedTest
  @EnumSource(Jdk.class)
  void theAppsOwnLogManagerIsTheOneItGets(Jdk jdk) throws Exception {
    assumeTrue(jdk.available(), jdk + " not installed");
    assertThat(run(jdk, false)).as("the probe without the agent").contains(OWN);
    assertThat(run(jdk, true)).as("with the agent").contains(OWN);
  }

  private static String run(Jdk jdk, boolean withAgent) throws Exception {
    Path classes = Path.of(OwnLogManagerApp.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> command = new ArrayList<>();
    command.add(jdk.javaBinary().toString());
    if (withAgent) {
      command.add("-javaagent:" + ItEnv.agentJar());
    }
    command.add("-cp");
    command.add(classes.toString());
    command.add(OwnLogManagerApp.class.getName());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (InputStream out = process.getInputStream()) {
      String output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      return output;
    } finally {
      process.destroyForcibly();
    }
  }
}
