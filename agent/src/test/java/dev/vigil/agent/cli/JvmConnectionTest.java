package dev.vigil.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attaching signals the process (SIGQUIT), which kills one that is not a JVM. The JDK's listing is
 * files in /tmp/hsperfdata_USER: a JVM killed with -9 leaves its file for the PID's next owner, and
 * any local user can write one under any PID (root's listing reads every user's). Seen by hand: a
 * file nobody copied to /tmp/hsperfdata_nobody/PID made root's {@code status PID} kill that root
 * process (exit 131). Where /proc shows the process, its memory map decides.
 */
class JvmConnectionTest {
  @TempDir Path dir;

  @Test
  void aListedPidThatIsNoJvmIsNotAttached() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/self")), "Linux /proc");
    Process sleep = new ProcessBuilder("sleep", "30").start();
    try {
      assertThat(JvmConnection.isJvm(sleep.pid(), Path.of("/proc"), pid -> true)).as("listed (a stale or planted file), yet a sleep").isFalse();
      assertThat(JvmConnection.isJvm(ProcessHandle.current().pid(), Path.of("/proc"), pid -> false)).as("this JVM, whatever the listing").isTrue();
    } finally {
      sleep.destroy();
      sleep.waitFor(5, TimeUnit.SECONDS);
    }
    assertThat(JvmConnection.isJvm(sleep.pid(), Path.of("/proc"), pid -> true)).as("gone").isFalse();
  }

  @Test
  void withoutProcTheListingDecides() {
    assertThat(JvmConnection.isJvm(42, dir, pid -> true)).isTrue();
    assertThat(JvmConnection.isJvm(42, dir, pid -> false)).isFalse();
  }
}
