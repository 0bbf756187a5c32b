package dev.vigil.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.bootstrap.AgentLog;
import dev.vigil.bootstrap.AllowAllGate;
import dev.vigil.bootstrap.Decision;
import dev.vigil.bootstrap.RequestFacts;
import dev.vigil.bootstrap.RequestGate;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

// AgentLog.errorOnce rate-limits per key for the whole JVM, so the test that reads the line goes first
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailOpenGateTest {
  private static final RequestFacts FACTS = new RequestFacts("test", "GET", "/", "10.0.0.1", null, null, null, null);

  @AfterEach
  void restoreLog() {
    AgentLog.redirect(null);
  }

  private static RequestGate gate(Decision decision, RuntimeException failure, AtomicInteger calls) {
    return new AllowAllGate() {
      @Override
      public Decision onRequest(RequestFacts facts) {
        calls.incrementAndGet();
        if (failure != null) {
          throw failure;
        }
        return decision;
      }

      @Override
      public void onBlockFailed(RequestFacts facts, Decision d) {
        if (failure != null) {
          throw failure;
        }
      }
    };
  }

  @Test
  void passesDecisionsThrough() {
    Decision throttle = Decision.throttle("r", 3);
    assertThat(new FailOpenGate(gate(throttle, null, new AtomicInteger()), false).onRequest(FACTS)).isSameAs(throttle);
    assertThat(new FailOpenGate(gate(null, null, new AtomicInteger()), false).onRequest(FACTS)).isSameAs(Decision.ALLOW);
  }

  @Test
  @Order(1)
  void anyFailureAllowsTheRequest() {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    AgentLog.redirect(new PrintStream(log, true, StandardCharsets.UTF_8));
    FailOpenGate gate = new FailOpenGate(gate(null, new IllegalStateException("boom"), new AtomicInteger()), false);
    assertThat(gate.onRequest(FACTS)).isSameAs(Decision.ALLOW);
    gate.onBlockFailed(FACTS, Decision.block("x"));
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("boom");
  }

  @Test
  void forcedFailureNeverCallsTheEngine() {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    AgentLog.redirect(new PrintStream(log, true, StandardCharsets.UTF_8));
    AtomicInteger calls = new AtomicInteger();
    FailOpenGate gate = new FailOpenGate(gate(Decision.block("x"), null, calls), true);
    for (int i = 0; i < 3; i++) {
      assertThat(gate.onRequest(FACTS)).isSameAs(Decision.ALLOW);
    }
    assertThat(calls.get()).isZero();
  }
}
