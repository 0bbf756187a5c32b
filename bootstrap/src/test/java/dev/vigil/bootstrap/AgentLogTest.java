package dev.vigil.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AgentLogTest {
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

  @AfterEach
  void restore() {
    AgentLog.redirect(null);
  }

  @Test
  void anErrorOnEveryRequestIsLoggedOnceNotOnEveryRequest() {
    AgentLog.redirect(new PrintStream(captured, true));
    for (int i = 0; i < 10_000; i++) {
      AgentLog.errorOnce("test-flood", "engine exploded", new IllegalStateException("boom"));
    }
    String out = new String(captured.toByteArray(), StandardCharsets.UTF_8);
    assertThat(out.lines()).hasSize(1);
    assertThat(out).startsWith("[vigil] ERROR engine exploded: java.lang.IllegalStateException: boom");
  }

  @Test
  void aMessageCarryingRequestDataCannotForgeALine() {
    AgentLog.redirect(new PrintStream(captured, true));
    AgentLog.info("throttled user:x\r\n[vigil] ERROR forged\u001b[2J");
    AgentLog.errorOnce("test-forged", "cannot read user", new IllegalArgumentException("bad\nname"));
    String out = new String(captured.toByteArray(), StandardCharsets.UTF_8);
    assertThat(out.lines())
        .containsExactly(
            "[vigil] throttled user:x\\r\\n[vigil] ERROR forged\\u001b[2J",
            "[vigil] ERROR cannot read user: java.lang.IllegalArgumentException: bad\\nname");
  }
}
