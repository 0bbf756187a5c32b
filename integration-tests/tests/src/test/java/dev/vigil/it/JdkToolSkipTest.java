package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.it.harness.ItEnv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Setting the agent in JAVA_TOOL_OPTIONS for a whole host also hands it to every JDK tool (jps,
 * keytool, jcmd...). Vigil must stay silent and out of their way.
 */
@Timeout(60)
class JdkToolSkipTest {

  @ParameterizedTest
  @ValueSource(strings = {"jps", "keytool"})
  void jdkToolsInheritingJavaToolOptionsRunWithoutTheAgent(String tool) throws Exception {
    Path binary = Path.of(System.getProperty("java.home"), "bin", tool);
    ProcessBuilder builder = new ProcessBuilder(binary.toString(), tool.equals("jps") ? "-l" : "-help").redirectErrorStream(true);
    builder.environment().put("JAVA_TOOL_OPTIONS", "-javaagent:" + ItEnv.agentJar());
    Process process = builder.start();
    String output = readAll(process);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("%s finished", tool).isTrue();

    assertThat(output).as("the JVM did pick the agent up").contains("Picked up JAVA_TOOL_OPTIONS");
    assertThat(output).as("%s output", tool).doesNotContain("[vigil]");
    assertThat(process.exitValue()).as("%s exit code\n%s", tool, output).isZero();
  }

  private static String readAll(Process process) throws IOException {
    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }
}
