package dev.vigil.agent;

import java.util.function.BooleanSupplier;

/**
 * A timer task that runs once, a period after the app's first request arrived (an app finishes
 * starting while it serves its first requests: Spring's dispatcher starts on the first one), or
 * after a number of periods without any: what the agent starts late (telemetry export, its MBean
 * and with it the platform MBean server) then never competes with the app's own start.
 */
final class AfterAppStart implements Runnable {
  /** Periods from the tick that first sees a request to the start: at least one whole period. */
  private static final int AFTER_FIRST_REQUEST = 2;

  private final BooleanSupplier anyRequestSeen;
  private final Runnable action;
  private final int maxTicks;
  private int ticks;
  private int sinceFirstRequest;
  private boolean started;

  AfterAppStart(BooleanSupplier anyRequestSeen, Runnable action, int maxTicks) {
    this.anyRequestSeen = anyRequestSeen;
    this.action = action;
    this.maxTicks = maxTicks;
  }

  @Override
  public void run() {
    if (started) {
      return;
    }
    if (sinceFirstRequest > 0 || anyRequestSeen.getAsBoolean()) {
      sinceFirstRequest++;
    }
    if (sinceFirstRequest >= AFTER_FIRST_REQUEST || ++ticks >= maxTicks) {
      started = true;
      action.run();
    }
  }
}
