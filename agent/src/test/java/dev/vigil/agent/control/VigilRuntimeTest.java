package dev.vigil.agent.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.agent.FakeTicker;
import dev.vigil.agent.config.PolicyLoader;
import dev.vigil.agent.engine.Engine;
import dev.vigil.bootstrap.AgentLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reload line, the old policy kept on error, the file watch's patience, and every operator action in the audit file. */
class VigilRuntimeTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private final List<Engine> installed = new ArrayList<>();
  private Path file;
  private VigilRuntime runtime;

  @BeforeEach
  void start() throws Exception {
    AgentLog.redirect(new PrintStream(log, true, StandardCharsets.UTF_8));
    file = dir.resolve("vigil.yaml");
    String text = "audit: {file: " + dir.resolve("audit.jsonl") + "}\nrules:\n  - {name: web, rate: 5/s}\n";
    Files.writeString(file, text);
    Engine engine = Engine.create(PolicyLoader.load(file, text), new FakeTicker(), Clock.systemUTC());
    runtime = new VigilRuntime(engine, file, "file " + file, text, installed::add);
  }

  @AfterEach
  void stop() {
    runtime.engine().close();
    AgentLog.redirect(null);
  }

  private void edit(String rules) throws Exception {
    Files.writeString(file, "audit: {file: " + dir.resolve("audit.jsonl") + "}\nrules:\n" + rules);
  }

  @Test
  void aValidChangeIsInstalledAndSaidInOneLine() throws Exception {
    Engine before = runtime.engine();
    edit("  - {name: web, rate: 5/s}\n  - {name: api, routes: [\"/api/**\"], rate: 50/s}\n");

    String line = runtime.reload("jmx");

    assertThat(line).matches("policy reloaded from .*vigil.yaml \\(version 2, sha256 [0-9a-f]{12}, jmx\\): rule api added; kept: rule web, .*");
    assertThat(runtime.version()).isEqualTo(2);
    assertThat(installed).containsExactly(runtime.engine());
    assertThat(runtime.engine()).isNotSameAs(before);
    assertThat(runtime.lastReload()).isEqualTo(line);
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("[vigil] " + line);
  }

  @Test
  void anInvalidFileKeepsThePolicyRunningAndNamesLineColumnAndField() throws Exception {
    Engine before = runtime.engine();
    edit("  - {name: web, rate: 5/s, brust: 10}\n");

    String line = runtime.reload("file changed");

    assertThat(line).startsWith("policy reload failed (file changed), version 1 keeps running: invalid policy " + file + " line 3 column")
        .contains("rules[0].brust");
    assertThat(runtime.engine()).isSameAs(before);
    assertThat(installed).isEmpty();
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("[vigil] ERROR " + line);
  }

  @Test
  void theSameTextAgainChangesNothing() {
    assertThat(runtime.reload("jmx")).startsWith("policy unchanged (version 1, sha256 ");
    assertThat(installed).isEmpty();
  }

  @Test
  void theWatchReloadsOnceTheFileHasStoodStillForATick() throws Exception {
    PolicyFileWatch watch = new PolicyFileWatch(file).reportingTo(runtime);
    watch.run();
    assertThat(runtime.version()).as("nothing changed").isEqualTo(1);

    edit("  - {name: web, rate: 6/s}\n");
    Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
    watch.run();
    assertThat(runtime.version()).as("changed this tick: perhaps still being written").isEqualTo(1);
    watch.run();
    assertThat(runtime.version()).isEqualTo(2);
    assertThat(runtime.lastReload()).contains("rule web changed (starts fresh)");
    watch.run();
    assertThat(runtime.version()).isEqualTo(2);

    Files.delete(file);
    watch.run();
    watch.run();
    assertThat(log.toString(StandardCharsets.UTF_8)).containsOnlyOnce("cannot be read now; version 2 keeps running");
  }

  @Test
  void everyOperatorActionIsInTheAuditFile() throws Exception {
    VigilControl control = new VigilControl(runtime);
    control.unlockAddress("203.0.113.7");
    control.ban("198.51.100.0/24", "30m");
    control.allow("198.51.100.7", "5m");
    control.lift("198.51.100.0/24");
    control.switchMode("monitor");
    control.reload();
    assertThatThrownBy(() -> control.ban("198.51.100.0/33", "1h")).hasMessage("'198.51.100.0/33': prefix length must be from 0 to 32");
    assertThatThrownBy(() -> control.unlockAddress("bob")).hasMessageStartingWith("not an IP address: 'bob'");
    assertThat(control.getMode()).isEqualTo("monitor");
    assertThat(control.getOperatorLists()).singleElement().asString().startsWith("allow 198.51.100.7/32 (");

    runtime.engine().close();
    List<String> audit = Files.readAllLines(dir.resolve("audit.jsonl"));
    assertThat(audit).hasSize(6).allSatisfy(line -> assertThat(line).contains("\"rule\":\"operator\""));
    assertThat(audit.get(0)).contains("\"action\":\"unlock\"", "\"key\":\"ip:203.0.113.7\"", "nothing held it");
    assertThat(audit.get(1)).contains("\"action\":\"ban\"", "banned 198.51.100.0/24 for 30m");
    assertThat(audit.get(4)).contains("\"action\":\"mode\"", "mode switched enforce -> monitor");
    assertThat(audit.get(5)).contains("\"action\":\"reload\"", "policy unchanged");
  }

  /**
   * Operators act a few times a minute, not thousands of times a second: their lines are not an
   * attacker's flood to thin. Three switches within a second are three lines, each with its own words.
   */
  @Test
  void operatorActionsInOneSecondAreEachInTheAuditFile() throws Exception {
    VigilControl control = new VigilControl(runtime);
    control.switchMode("monitor");
    control.switchMode("enforce");
    control.switchMode("monitor");
    control.ban("198.51.100.0/24", "1h");
    control.ban("198.51.100.0/24", "5m");

    runtime.engine().close();
    List<String> audit = Files.readAllLines(dir.resolve("audit.jsonl"));
    assertThat(audit).hasSize(5);
    assertThat(audit.get(1)).contains("mode switched monitor -> enforce");
    assertThat(audit.get(3)).contains("banned 198.51.100.0/24 for 1h");
    assertThat(audit.get(4)).contains("banned 198.51.100.0/24 for 5m");
  }
}
