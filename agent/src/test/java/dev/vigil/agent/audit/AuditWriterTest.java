package dev.vigil.agent.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import dev.vigil.agent.event.VigilEvent;
import dev.vigil.bootstrap.AgentLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditWriterTest {
  @TempDir Path dir;

  @AfterEach
  void restoreLog() {
    AgentLog.redirect(null);
  }

  private static VigilEvent event(int i) {
    return VigilEvent.throttle("r", true, 1).key("ip:10.0.0." + i).client("10.0.0." + i).request("GET", "/x", null, 0).build();
  }

  @Test
  void writesOneLinePerEventWhenDrainedAndTheRestOnClose() throws Exception {
    Path file = dir.resolve("logs/audit.jsonl");
    AuditWriter writer = AuditWriter.open(file);
    for (int i = 0; i < 30; i++) {
      assertThat(writer.offer(event(i))).isTrue();
    }
    assertThat(file).as("no thread of its own: nothing is written until drained").doesNotExist();
    writer.drain();
    assertThat(Files.readAllLines(file)).as("drained lines are flushed at once").hasSize(30);
    for (int i = 30; i < 50; i++) {
      assertThat(writer.offer(event(i))).isTrue();
    }
    writer.close();
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(50);
    assertThat(lines.get(49)).contains("\"key\":\"ip:10.0.0.49\"");
    assertThat(writer.written()).isEqualTo(50);
    assertThat(writer.dropped()).isZero();
    assertThat(writer.offer(event(99))).isFalse();
    assertThat(writer.dropped()).isEqualTo(1);
  }

  @Test
  void appendsToAnExistingFile() throws Exception {
    Path file = dir.resolve("audit.jsonl");
    Files.writeString(file, "{\"old\":true}\n");
    AuditWriter writer = AuditWriter.open(file);
    writer.offer(event(1));
    writer.close();
    assertThat(Files.readAllLines(file)).hasSize(2).first().isEqualTo("{\"old\":true}");
  }

  @Test
  void fullQueueDropsAndCounts() {
    Path file = dir.resolve("audit.jsonl");
    AuditWriter writer = AuditWriter.open(file, 4);
    int accepted = 0;
    for (int i = 0; i < 10_000; i++) {
      accepted += writer.offer(event(i)) ? 1 : 0;
      if (i % 1_000 == 0) {
        writer.drain(); // the timer's turn
      }
    }
    writer.close();
    assertThat(accepted + writer.dropped()).isEqualTo(10_000);
    assertThat(writer.written()).isEqualTo(accepted);
  }

  @Test
  void unwritableFileIsReportedOnceAndEventsAreDropped() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    AgentLog.redirect(new PrintStream(log, true, StandardCharsets.UTF_8));
    Path notADirectory = dir.resolve("file");
    Files.writeString(notADirectory, "x");
    AuditWriter writer = AuditWriter.open(notADirectory.resolve("audit.jsonl"));
    writer.offer(event(1));
    writer.drain();
    writer.drain();
    assertThat(log.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("cannot write audit file"))).hasSize(1);
    assertThat(writer.offer(event(2))).isFalse();
    writer.close();
    assertThat(writer.dropped()).isGreaterThanOrEqualTo(1);
    assertThat(writer.written()).isZero();
  }
}
