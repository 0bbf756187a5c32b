package dev.vigil.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The one fail-open guard between advice and the engine. */
// AgentLog.errorOnce rate-limits per key for the whole JVM: the test that reads the line goes first
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VigilHooksTest {
  private static final RequestContext REQUEST = new RequestContext("test", "GET", "/", "10.0.0.1", null, null, null, null);

  @AfterEach
  void restore() {
    VigilHooks.uninstall();
    AgentLog.redirect(null);
  }

  private static void install(final Decision decision, final RuntimeException failure) {
    VigilHooks.install(
        new AllowAllGate() {
          @Override
          public Decision onRequest(RequestContext request) {
            if (failure != null) {
              throw failure;
            }
            return decision;
          }

          @Override
          public void onBlockFailed(RequestContext request, Decision d) {
            if (failure != null) {
              throw failure;
            }
          }

          @Override
          public boolean onLoginAttempt(String framework, String username, String peer, String forwardedFor) {
            if (failure != null) {
              throw failure;
            }
            return true;
          }
        },
        null,
        null);
  }

  @Test
  void passesDecisionsThroughAndANullDecisionAllows() {
    Decision throttle = Decision.throttle("r", 3);
    install(throttle, null);
    assertThat(VigilHooks.onRequest(REQUEST)).isSameAs(throttle);
    install(null, null);
    assertThat(VigilHooks.onRequest(REQUEST)).isSameAs(Decision.ALLOW);
  }

  @Test
  @Order(1)
  void anyFailureAllowsTheRequestAndTheLoginAttemptAndIsLogged() {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    AgentLog.redirect(new PrintStream(log, true, StandardCharsets.UTF_8));
    install(null, new IllegalStateException("boom"));
    assertThat(VigilHooks.onRequest(REQUEST)).isSameAs(Decision.ALLOW);
    VigilHooks.onBlockFailed(REQUEST, Decision.block("x"));
    assertThat(VigilHooks.onLoginAttempt("test", "alice", null, null)).isFalse();
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("boom").contains("request allowed");
  }
}
