package dev.vigil.agent.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.config.KeyType;
import dev.vigil.agent.event.VigilEvent;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditJsonTest {
  private static final long TIME = Instant.parse("2025-01-02T03:04:05.678Z").toEpochMilli() * 1_000_000L;

  private static VigilEvent throttle(String key, String path) {
    return VigilEvent.throttle("r", true, 1).key(key).client("1.2.3.4").request("GET", path, null, 0).at(TIME).build();
  }

  @Test
  void throttleLine() {
    VigilEvent event =
        VigilEvent.throttle("default-per-ip", true, 3).key("ip:127.0.0.9").client("127.0.0.9").request("GET", "/x", "curl/8", 0).at(TIME).build();
    assertThat(AuditJson.line(event))
        .isEqualTo(
            "{\"ts\":\"2025-01-02T03:04:05.678Z\",\"action\":\"throttle\",\"enforced\":true,\"rule\":\"default-per-ip\","
                + "\"key\":\"ip:127.0.0.9\",\"client\":\"127.0.0.9\",\"method\":\"GET\",\"path\":\"/x\",\"status\":429,\"retryAfter\":3}");
  }

  @Test
  void blockLineHasNoRetryAfterAndNullsAreJsonNulls() {
    VigilEvent event = VigilEvent.block("deny-list", false).key("ip:unknown").at(TIME).build();
    assertThat(AuditJson.line(event)).endsWith("\"client\":null,\"method\":null,\"path\":null,\"status\":403}").contains("\"enforced\":false");
  }

  @Test
  void crafedPathsCannotBreakTheLine() {
    VigilEvent event = throttle("ip:1.2.3.4", "/a\"b\\c\nd\u2028e\u0001");
    assertThat(AuditJson.line(event)).contains("\"path\":\"/a\\\"b\\\\c\\u000ad\\u2028e\\u0001\"").doesNotContain("\n");
  }

  @Test
  void everyControlCharacterIsAnEscapeSoTheFileCannotDriveATerminal() {
    VigilEvent event = throttle("user:x\r\n\u001b[2J", "/a\u007fb\u009bc\u2029");
    String line = AuditJson.line(event);
    assertThat(line).contains("\"key\":\"user:x\\u000d\\u000a\\u001b[2J\"").contains("\"path\":\"/a\\u007fb\\u009bc\\u2029\"");
    assertThat(line.chars()).noneMatch(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029);
  }

  @Test
  void loginFailureLineNamesTheOutcomeNotARuleOrStatus() {
    VigilEvent event =
        VigilEvent.loginFailure("unknown-user", "auth:jaas").key("ip:198.51.100.9").client("198.51.100.9").username("alice").at(TIME).build();
    assertThat(AuditJson.line(event))
        .isEqualTo(
            "{\"ts\":\"2025-01-02T03:04:05.678Z\",\"action\":\"login-failure\",\"outcome\":\"unknown-user\","
                + "\"key\":\"ip:198.51.100.9\",\"client\":\"198.51.100.9\",\"method\":null,\"path\":\"auth:jaas\"}");
  }

  @Test
  void aHooksRefusalNamesTheHookWhereThePathGoesAndCarriesItsRepeats() {
    VigilEvent event =
        VigilEvent.throttle("user-ip", true, 60).status(401).caller(KeyType.IP, "198.51.100.9").client("198.51.100.9").via("auth:spring").at(TIME)
            .build().withRepeats(4);
    assertThat(AuditJson.line(event))
        .endsWith("\"key\":\"ip:198.51.100.9\",\"client\":\"198.51.100.9\",\"method\":null,\"path\":\"auth:spring\",\"status\":401,\"retryAfter\":60,\"repeats\":4}");
  }
}
