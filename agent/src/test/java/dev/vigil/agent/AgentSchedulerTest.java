package dev.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.bootstrap.AgentLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class AgentSchedulerTest {
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private AgentScheduler scheduler;

  @AfterEach
  void stop() {
    if (scheduler != null) {
      scheduler.close();
    }
    AgentLog.redirect(null);
  }

  @Test
  @Timeout(10)
  void runsTheTimersOnOneDaemonThreadOfItsOwn() throws Exception {
    scheduler = AgentScheduler.start();
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    CountDownLatch twice = new CountDownLatch(2);
    scheduler.every(10, "probe", () -> {
      ranOn.set(Thread.currentThread());
      twice.countDown();
    });
    assertThat(twice.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(ranOn.get().getName()).isEqualTo("vigil-scheduler");
    assertThat(ranOn.get().isDaemon()).isTrue();
  }

  @Test
  @Timeout(10)
  void aTaskThatFailsIsReportedOnceAndKeepsItsSchedule() throws Exception {
    AgentLog.redirect(new PrintStream(log, true, StandardCharsets.UTF_8));
    scheduler = AgentScheduler.start();
    CountDownLatch thrice = new CountDownLatch(3);
    scheduler.every(10, "lockout expiry", () -> {
      thrice.countDown();
      throw new IllegalStateException("boom");
    });
    assertThat(thrice.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(log.toString(StandardCharsets.UTF_8).lines().filter(line -> line.contains("lockout expiry failed"))).hasSize(1);
  }
}
