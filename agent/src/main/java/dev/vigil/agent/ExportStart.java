package dev.vigil.agent;

import dev.vigil.agent.engine.Engine;
import dev.vigil.agent.telemetry.TelemetryPipeline;

/**
 * A timer task that starts telemetry export once the app has received its first request, or after
 * a number of periods without one: the SDK's start then never competes with the app's own.
 */
final class ExportStart implements Runnable {
  private final Engine engine;
  private final TelemetryPipeline telemetry;
  private final int maxTicks;
  private int ticks;
  private boolean started;

  ExportStart(Engine engine, TelemetryPipeline telemetry, int maxTicks) {
    this.engine = engine;
    this.telemetry = telemetry;
    this.maxTicks = maxTicks;
  }

  @Override
  public void run() {
    if (!started && (engine.anyRequestSeen() || ++ticks >= maxTicks)) {
      started = true;
      telemetry.beginExport();
    }
  }
}
