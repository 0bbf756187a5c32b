package dev.vigil.agent.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.FakeTicker;
import dev.vigil.bootstrap.AgentLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import dev.vigil.agent.event.VigilEvent;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DecisionNoticesTest {
  private final FakeTicker ticker = new FakeTicker();
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();

  @BeforeEach
  void captureLog() {
    AgentLog.redirect(new PrintStream(log, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreLog() {
    AgentLog.redirect(null);
  }

  private String lines() {
    return log.toString(StandardCharsets.UTF_8);
  }

  private static VigilEvent throttle(String key, boolean enforced) {
    return VigilEvent.throttle("default-per-ip", enforced, 2).key(key).client("127.0.0.9").request("GET", "/x", null, 0).build();
  }

  @Test
  void textSaysWhoWhichRuleAndWhetherEnforced() {
    assertThat(DecisionNotices.text(throttle("ip:127.0.0.9", true))).isEqualTo("throttled ip:127.0.0.9 rule=default-per-ip retry-after=2s (enforced)");
    assertThat(DecisionNotices.text(throttle("ip:127.0.0.9", false))).endsWith("retry-after=2s (monitor: not enforced)");
    VigilEvent block = VigilEvent.block("deny-list", true).key("ip:203.0.113.5").client("203.0.113.5").request("GET", "/", null, 0).build();
    assertThat(DecisionNotices.text(block)).isEqualTo("blocked ip:203.0.113.5 rule=deny-list (enforced)");
  }

  @Test
  void aUserKeyWithLineBreaksStaysOnOneLine() {
    new DecisionNotices(ticker).notice(throttle("user:x\r\n[vigil] ERROR forged\u001b[2J", true));
    assertThat(lines().lines())
        .containsExactly("[vigil] throttled user:x\\r\\n[vigil] ERROR forged\\u001b[2J rule=default-per-ip retry-after=2s (enforced)");
  }

  @Test
  void atMostOncePerMinutePerKey() {
    DecisionNotices notices = new DecisionNotices(ticker);
    notices.notice(throttle("ip:127.0.0.9", true));
    notices.notice(throttle("ip:127.0.0.9", true));
    notices.notice(throttle("ip:127.0.0.8", true));
    assertThat(lines().split("\n")).hasSize(2);
    assertThat(lines()).startsWith("[vigil] throttled ip:127.0.0.9 rule=default-per-ip retry-after=2s (enforced)");
    ticker.advance(Duration.ofSeconds(59));
    notices.notice(throttle("ip:127.0.0.9", true));
    assertThat(lines().split("\n")).hasSize(2);
    ticker.advance(Duration.ofSeconds(2));
    notices.notice(throttle("ip:127.0.0.9", true));
    assertThat(lines().split("\n")).hasSize(3);
  }

  @Test
  void globalBudgetCapsAFloodOfDistinctCallers() {
    DecisionNotices notices = new DecisionNotices(ticker);
    for (int i = 0; i < 1000; i++) {
      notices.notice(throttle("ip:10.0." + (i / 256) + "." + (i % 256), true));
    }
    assertThat(lines().split("\n")).hasSize(DecisionNotices.LINES_PER_MINUTE);
    ticker.advance(Duration.ofSeconds(61));
    notices.notice(throttle("ip:192.0.2.1", true));
    assertThat(lines()).contains("(900 similar notices suppressed)");
  }

  @Test
  void aFailedLoginIsTheAppsBusinessOnStderrNotTheAgents() {
    new DecisionNotices(ticker).accept(VigilEvent.loginFailure(VigilEvent.FAILURE, "/login").key("ip:127.0.0.9").build());
    assertThat(lines()).isEmpty();
  }
}
