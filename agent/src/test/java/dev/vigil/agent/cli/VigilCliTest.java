package dev.vigil.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What the CLI says before it reaches any JVM; the commands against real JVMs are in the integration tests. */
class VigilCliTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return VigilCli.run(args, new File("vigil-agent.jar"), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void noCommandPrintsTheUsageAndExitsTwo() {
    assertThat(run()).isEqualTo(2);
    assertThat(err()).startsWith("usage: java -jar vigil-agent.jar <command>");
    assertThat(run("help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("top PID");
  }

  @Test
  void anUnknownCommandIsNamedWithoutItsControlCharacters() {
    assertThat(run("sta\u001b[2Jtus")).isEqualTo(2);
    assertThat(err()).startsWith("vigil: unknown command 'sta?[2Jtus'");
  }

  @Test
  void aCommandWithoutItsPidOrWithAWrongOneSaysWhatItNeeds() {
    assertThat(run("status")).isEqualTo(1);
    assertThat(err()).contains("vigil: status needs the process id of a JVM");
    assertThat(run("top", "-5")).isEqualTo(1);
    assertThat(err()).contains("not a process id: '-5'");
    assertThat(run("attach", "123", "policy.yaml")).isEqualTo(1);
    assertThat(err()).contains("usage: attach PID [config=FILE]");
  }

  @Test
  void theSchemaIsPrintedFromTheJar() {
    assertThat(run("schema")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("{").contains("\"$schema\": \"http://json-schema.org/draft-07/schema#\"");
  }
}
