package dev.vigil.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.bootstrap.AgentLog;
import dev.vigil.bootstrap.Decision;
import dev.vigil.bootstrap.RequestContext;
import dev.vigil.bootstrap.VigilHooks;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ForcedFailureGateTest {
  private static final RequestContext REQUEST = new RequestContext("test", "GET", "/", "10.0.0.1", null, null, null, null);

  @AfterEach
  void restore() {
    VigilHooks.uninstall();
    AgentLog.redirect(null);
  }

  @Test
  void everyRequestIsAllowedThroughTheOneGuardAndTheFailureIsLoggedOnce() {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    AgentLog.redirect(new PrintStream(log, true, StandardCharsets.UTF_8));
    VigilHooks.install(new ForcedFailureGate(), null, null);
    for (int i = 0; i < 3; i++) {
      assertThat(VigilHooks.onRequest(REQUEST)).isSameAs(Decision.ALLOW);
    }
    VigilHooks.onResponse(REQUEST, 200, null);
    assertThat(VigilHooks.onLoginAttempt("test", "alice", null, null)).isFalse();
    String text = log.toString(StandardCharsets.UTF_8);
    assertThat(text.split(java.util.regex.Pattern.quote(ForcedFailureGate.MESSAGE), -1)).as("logged once, rate-limited").hasSize(2);
  }
}
