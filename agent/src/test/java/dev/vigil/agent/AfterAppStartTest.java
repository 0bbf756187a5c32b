package dev.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AfterAppStartTest {
  private final AtomicBoolean requestSeen = new AtomicBoolean();
  private final AtomicInteger starts = new AtomicInteger();
  private final AfterAppStart task = new AfterAppStart(requestSeen::get, starts::incrementAndGet, 30);

  private void tick(int times) {
    for (int i = 0; i < times; i++) {
      task.run();
    }
  }

  @Test
  void exportStartsAWholePeriodAfterTheFirstRequestNotDuringIt() {
    tick(5);
    assertThat(starts).hasValue(0);
    requestSeen.set(true);
    tick(1);
    assertThat(starts).as("the tick that sees the first request").hasValue(0);
    tick(1);
    assertThat(starts).hasValue(1);
    tick(40);
    assertThat(starts).as("once").hasValue(1);
  }

  @Test
  void anIdleAppStillExportsAfterTheLongestWait() {
    tick(29);
    assertThat(starts).hasValue(0);
    tick(1);
    assertThat(starts).hasValue(1);
  }
}
