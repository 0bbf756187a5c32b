package dev.vigil.agent;

import dev.vigil.bootstrap.AgentLog;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The agent's one timer thread, {@code vigil-scheduler} (a daemon): noticing lockouts that ended,
 * sending the repeat counts of callers gone quiet. It runs whatever is exported, so what the timers
 * drain never piles up. A task that fails is reported once and keeps its schedule.
 */
final class AgentScheduler {
  static final String THREAD_NAME = "vigil-scheduler";

  private final ScheduledThreadPoolExecutor executor;

  private AgentScheduler() {
    this.executor =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread thread = new Thread(task, THREAD_NAME);
              thread.setDaemon(true);
              return thread;
            });
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  static AgentScheduler start() {
    AgentScheduler scheduler = new AgentScheduler();
    scheduler.executor.prestartCoreThread();
    return scheduler;
  }

  /** Runs {@code task} every {@code periodMillis}, a period after the previous run ended; {@code what} names it in an error. */
  void every(long periodMillis, String what, Runnable task) {
    executor.scheduleWithFixedDelay(
        () -> {
          try {
            task.run();
          } catch (Throwable t) {
            // an exception would cancel the schedule: report it and keep going
            AgentLog.errorOnce("scheduler-" + what, what + " failed", t);
          }
        },
        periodMillis,
        periodMillis,
        TimeUnit.MILLISECONDS);
  }

  /** Stops the timers; a task running now finishes, none starts. */
  void close() {
    executor.shutdown();
  }
}
