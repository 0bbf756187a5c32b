package dev.vigil.agent.telemetry.export;

import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.metrics.View;
import java.util.ArrayList;
import java.util.List;

/**
 * Vigil's own OpenTelemetry SDK, configured by the SDK's autoconfiguration from the standard
 * {@code OTEL_*} variables and {@code otel.*} properties (the same code the OpenTelemetry Java agent
 * uses, so every setting means what it means there). Lives in the agent's isolated, relocated
 * copy of the SDK and is never made global: the app's OpenTelemetry, or that agent's, is untouched.
 * Each exporter is wrapped to account for what it drops.
 */
public final class PrivateSdk {
  private static final long DEFAULT_QUEUE = 2048;

  private PrivateSdk() {}

  public static OpenTelemetrySdk build(ClassLoader loader, ExportAccount traces, ExportAccount logs, ExportAccount metrics) {
    return AutoConfiguredOpenTelemetrySdk.builder()
        .setServiceClassLoader(loader)
        .setComponentLoader(new JdkHttpSenderFirst(ComponentLoader.forClassLoader(loader)))
        .disableShutdownHook()
        // what the OpenTelemetry Java agent defaults to (the bare SDK would say grpc); OTEL_* still win
        .addPropertiesSupplier(() -> java.util.Map.of("otel.exporter.otlp.protocol", "http/protobuf"))
        .addSpanExporterCustomizer(
            (exporter, config) -> {
              traces.open(queueSize(config, "otel.bsp.max.queue.size"));
              return new CountingSpanExporter(exporter, traces);
            })
        .addLogRecordExporterCustomizer(
            (exporter, config) -> {
              logs.open(queueSize(config, "otel.blrp.max.queue.size"));
              return new CountingLogRecordExporter(exporter, logs);
            })
        .addMeterProviderCustomizer((builder, config) -> dropSdkSelfMetrics(builder))
        .addMetricExporterCustomizer(
            (exporter, config) -> {
              metrics.open(Long.MAX_VALUE);
              return new CountingMetricExporter(exporter, metrics);
            })
        .build()
        .getOpenTelemetrySdk();
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

  private static long queueSize(ConfigProperties config, String property) {
    Integer size = config.getInt(property);
    return size == null || size <= 0 ? DEFAULT_QUEUE : size;
  }

  /**
   * Two senders ship inside the agent: the JDK HttpClient one for OTLP/HTTP, and OkHttp, which
   * OTLP/gRPC needs (the JDK client cannot speak HTTP/2 without TLS). For HTTP the JDK one is
   * chosen, so OkHttp (and Kotlin) only load when gRPC is configured.
   */
  static final class JdkHttpSenderFirst implements ComponentLoader {
    private final ComponentLoader delegate;

    JdkHttpSenderFirst(ComponentLoader delegate) {
      this.delegate = delegate;
    }

    @Override
    public <T> Iterable<T> load(Class<T> type) {
      Iterable<T> all = delegate.load(type);
      if (!"HttpSenderProvider".equals(type.getSimpleName())) {
        return all;
      }
      List<T> preferred = new ArrayList<>();
      List<T> others = new ArrayList<>();
      for (T provider : all) {
        (provider.getClass().getName().contains(".okhttp.") ? others : preferred).add(provider);
      }
      return preferred.isEmpty() ? others : preferred;
    }
  }
}
