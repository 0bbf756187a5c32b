package dev.vigil.agent.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.FakeTicker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
        trail.record(new AuditEvent(Instant.EPOCH, AuditEvent.THROTTLE, true, "per-ip", "ip:10.0.0.9", "10.0.0.9", "GET", "/x", 429, 1));
      }
      ticker.advance(Duration.ofSeconds(11)); // the caller has gone quiet; nothing else happens

      List<String> lines = List.of();
      while (lines.size() < 2) { // the audit thread writes the pending count on its own
        Thread.sleep(50);
        lines = read(file);
      }
      assertThat(lines).hasSize(2);
      assertThat(lines.get(1)).contains("\"repeats\":1");
    } finally {
      trail.close(2_000);
    }
  }

  private static List<String> read(Path file) throws IOException {
    return Files.exists(file) ? Files.readAllLines(file) : List.of();
  }
}
