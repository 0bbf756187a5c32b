package dev.vigil.agent.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.FakeTicker;
import dev.vigil.bootstrap.AgentLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
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

  private static AuditEvent throttle(String key, boolean enforced) {
    return new AuditEvent(Instant.EPOCH, "throttle", enforced, "default-per-ip", key, "127.0.0.9", "GET", "/x", 429, 2);
  }

  @Test
  void textSaysWhoWhichRuleAndWhetherEnforced() {
    assertThat(DecisionNotices.text(throttle("ip:127.0.0.9", true))).isEqualTo("throttled ip:127.0.0.9 rule=default-per-ip retry-after=2s (enforced)");
    assertThat(DecisionNotices.text(throttle("ip:127.0.0.9", false))).endsWith("retry-after=2s (monitor: not enforced)");
    AuditEvent block = new AuditEvent(Instant.EPOCH, "block", true, "deny-list", "ip:203.0.113.5", "203.0.113.5", "GET", "/", 403, -1);
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
}
