package dev.vigil.agent.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.FakeTicker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.vigil.agent.event.VigilEvent;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class AuditTrailTest {
  @TempDir Path dir;

  @Test
  @Timeout(20)
  void aBurstFollowedBySilenceStillEndsUpFullyCountedInTheFile() throws Exception {
    FakeTicker ticker = new FakeTicker();
    Path file = dir.resolve("audit.jsonl");
    AuditTrail trail = AuditTrail.start(file, ticker);
    try {
      for (int i = 0; i < 3; i++) {
        trail.accept(VigilEvent.throttle("per-ip", true, 1).key("ip:10.0.0.9").client("10.0.0.9").request("GET", "/x", null, 0).build());
      }
      ticker.advance(Duration.ofSeconds(11)); // the caller has gone quiet; nothing else happens
      trail.flushQuiet(); // what the agent's scheduler does every second

      trail.writeQueued(); // and what its audit task does a few times a second
      List<String> lines = read(file);
      assertThat(lines).hasSize(2);
      assertThat(lines.get(1)).contains("\"repeats\":1");
    } finally {
      trail.close();
    }
  }

  private static List<String> read(Path file) throws IOException {
    return Files.exists(file) ? Files.readAllLines(file) : List.of();
  }

  @Test
  void onlyDecisionsAndFailedLoginsReachTheFile() throws Exception {
    Path file = dir.resolve("audit.jsonl");
    AuditTrail trail = AuditTrail.start(file, new FakeTicker());
    trail.accept(VigilEvent.lockout("user-ip", true, 60).key("ip:10.0.0.9").build());
    trail.accept(VigilEvent.lockoutEnd("user-ip").key("ip:10.0.0.9").build());
    trail.accept(VigilEvent.request(200).client("10.0.0.9").build());
    trail.accept(VigilEvent.loginFailure(VigilEvent.FAILURE, "/login").key("ip:10.0.0.9").build());
    trail.close();
    assertThat(read(file)).singleElement().asString().contains("\"action\":\"login-failure\"");
  }
}
