package dev.vigil.agent.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditJsonTest {
  private static final Instant TIME = Instant.parse("2025-01-02T03:04:05.678Z");

  @Test
  void throttleLine() {
    AuditEvent event = new AuditEvent(TIME, "throttle", true, "default-per-ip", "ip:127.0.0.9", "127.0.0.9", "GET", "/x", 429, 3);
    assertThat(AuditJson.line(event))
        .isEqualTo(
            "{\"ts\":\"2025-01-02T03:04:05.678Z\",\"action\":\"throttle\",\"enforced\":true,\"rule\":\"default-per-ip\","
                + "\"key\":\"ip:127.0.0.9\",\"client\":\"127.0.0.9\",\"method\":\"GET\",\"path\":\"/x\",\"status\":429,\"retryAfter\":3}");
  }

  @Test
  void blockLineHasNoRetryAfterAndNullsAreJsonNulls() {
    AuditEvent event = new AuditEvent(TIME, "block", false, "deny-list", "ip:unknown", null, null, null, 403, -1);
    assertThat(AuditJson.line(event)).endsWith("\"client\":null,\"method\":null,\"path\":null,\"status\":403}").contains("\"enforced\":false");
  }

  @Test
  void crafedPathsCannotBreakTheLine() {
    AuditEvent event = new AuditEvent(TIME, "throttle", true, "r", "ip:1.2.3.4", "1.2.3.4", "GET", "/a\"b\\c\nd\u2028e\u0001", 429, 1);
    assertThat(AuditJson.line(event)).contains("\"path\":\"/a\\\"b\\\\c\\u000ad\\u2028e\\u0001\"").doesNotContain("\n");
  }

  @Test
  void everyControlCharacterIsAnEscapeSoTheFileCannotDriveATerminal() {
    AuditEvent event = new AuditEvent(TIME, "throttle", true, "r", "user:x\r\n\u001b[2J", "1.2.3.4", "GET", "/a\u007fb\u009bc\u2029", 429, 1);
    String line = AuditJson.line(event);
    assertThat(line).contains("\"key\":\"user:x\\u000d\\u000a\\u001b[2J\"").contains("\"path\":\"/a\\u007fb\\u009bc\\u2029\"");
    assertThat(line.chars()).noneMatch(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029);
  }

  @Test
  void loginFailureLineNamesTheOutcomeNotARuleOrStatus() {
    AuditEvent event = AuditEvent.loginFailure(TIME, "unknown-user", "ip:198.51.100.9", "198.51.100.9", null, "auth:jaas");
    assertThat(AuditJson.line(event))
        .isEqualTo(
            "{\"ts\":\"2025-01-02T03:04:05.678Z\",\"action\":\"login-failure\",\"outcome\":\"unknown-user\","
                + "\"key\":\"ip:198.51.100.9\",\"client\":\"198.51.100.9\",\"method\":null,\"path\":\"auth:jaas\"}");
  }
}
