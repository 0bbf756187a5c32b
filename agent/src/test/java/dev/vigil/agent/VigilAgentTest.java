package dev.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.config.Mode;
import dev.vigil.agent.config.Policy;
import dev.vigil.agent.config.PolicySource;
import dev.vigil.agent.config.StateLimits;
import dev.vigil.agent.telemetry.TelemetrySink;
import dev.vigil.bootstrap.AgentLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VigilAgentTest {
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();

  @AfterEach
  void restoreLog() {
    AgentLog.redirect(null);
  }

  @Test
  void anEngineThatCannotBeBuiltFromAPolicyIsReportedAsAnInvalidPolicyInOneLine() {
    AgentLog.redirect(new PrintStream(log, true, StandardCharsets.UTF_8));
    // a value the loader refuses (past 365d), built by hand: what any value no check catches would do
    StateLimits tooLong = new StateLimits(10, Duration.ofDays(300_000));
    Policy policy = new Policy(Mode.ENFORCE, List.of(), null, List.of(), List.of(), tooLong, null, Policy.builtIn().rules());
    PolicySource source = PolicySource.resolve("config=/etc/vigil.yaml", new Properties(), Map.of());

    assertThat(VigilAgent.engineFor(policy, source, TelemetrySink.NONE)).isNull();

    String out = log.toString(StandardCharsets.UTF_8);
    assertThat(out.lines())
        .singleElement()
        .asString()
        .startsWith("[vigil] ERROR invalid policy " + Path.of("/etc/vigil.yaml") + ": cannot be applied: java.lang.ArithmeticException")
        .endsWith("; agent disabled, the application runs unprotected")
        .doesNotContain("InvocationTargetException");
  }
}
