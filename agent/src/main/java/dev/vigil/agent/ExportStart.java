package dev.vigil.agent;

import java.util.function.BooleanSupplier;

/**
 * A timer task that starts telemetry export a period after the app's first request arrived (an app
 * finishes starting while it serves its first requests: Spring's dispatcher starts on the first
 * one), or after a number of periods without any: the SDK's start then never competes with the
 * app's own.
 */
final class ExportStart implements Runnable {
  /** Periods from the tick that first sees a request to the start: at least one whole period. */
  private static final int AFTER_FIRST_REQUEST = 2;

  private final BooleanSupplier anyRequestSeen;
  private final Runnable beginExport;
  private final int maxTicks;
  private int ticks;
  private int sinceFirstRequest;
  private boolean started;

  ExportStart(BooleanSupplier anyRequestSeen, Runnable beginExport, int maxTicks) {
    this.anyRequestSeen = anyRequestSeen;
    this.beginExport = beginExport;
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
      beginExport.run();
    }
  }
}
