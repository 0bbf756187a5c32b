package dev.vigil.agent.telemetry.export;

import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.metrics.View;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Vigil's own OpenTelemetry SDK, configured by the SDK's autoconfiguration from the standard
 * {@code OTEL_*} variables and {@code otel.*} properties (the same code the OpenTelemetry Java agent
 * uses, so every setting means what it means there). Lives in the agent's isolated, relocated
 * copy of the SDK and is never made global: the app's OpenTelemetry, or that agent's, is untouched.
 *
 * <p>It starts no thread of its own: the batching and the metric collection the SDK would run on
 * four threads are {@link ScheduledExport}s that {@code vigil-telemetry} runs ({@link #runDue}), and
 * the OTLP/HTTP exporters share one HTTP client (see {@link SdkAssembly}). Each exporter is wrapped
 * to account for what it drops.
 */
public final class PrivateSdk {
  private final OpenTelemetrySdk sdk;
  private final List<ScheduledExport> exports;

  private PrivateSdk(OpenTelemetrySdk sdk, List<ScheduledExport> exports) {
    this.sdk = sdk;
    this.exports = exports;
  }

  public static PrivateSdk build(ClassLoader loader, ExportAccount traces, ExportAccount logs, ExportAccount metrics) {
    SdkAssembly assembly = new SdkAssembly(ComponentLoader.forClassLoader(loader), traces, logs, metrics);
    OpenTelemetrySdk sdk =
        assembly.customize(AutoConfiguredOpenTelemetrySdk.builder().setServiceClassLoader(loader))
            .disableShutdownHook()
            .addMeterProviderCustomizer((builder, config) -> dropSdkSelfMetrics(builder))
            .build()
            .getOpenTelemetrySdk();
    return new PrivateSdk(sdk, assembly.exports());
  }

  public OpenTelemetrySdk sdk() {
    return sdk;
  }

  /**
   * Exports every batch and metric collection due at {@code nowNanos}, on the caller's thread;
   * returns the nanoseconds until the next one falls due, or {@link ScheduledExport#IDLE}.
   */
  public long runDue(long nowNanos) {
    long next = ScheduledExport.IDLE;
    for (ScheduledExport export : exports) {
      next = Math.min(next, export.runDue(nowNanos));
    }
    return next;
  }

  /** Exports what is held (the last metrics too) and shuts the exporters down, waiting at most {@code timeoutMillis}. */
  public void shutdown(long timeoutMillis) {
    sdk.shutdown().join(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  /**
   * The SDK reports on its own processors and exporters (processedSpans, queueSize, ...) through the
   * meter provider it is given, which is Vigil's: those series would land in the user's backend
   * under the service's name, unasked. Only the vigil.* metrics are exported; drops are already in
   * vigil.telemetry.dropped.
   */
  private static SdkMeterProviderBuilder dropSdkSelfMetrics(SdkMeterProviderBuilder builder) {
    for (String name : new String[] {"processedSpans", "processedLogs", "queueSize", "otel.sdk.*", "otlp.exporter.*"}) {
      builder.registerView(InstrumentSelector.builder().setName(name).build(), View.builder().setAggregation(Aggregation.drop()).build());
    }
    return builder;
  }
}
