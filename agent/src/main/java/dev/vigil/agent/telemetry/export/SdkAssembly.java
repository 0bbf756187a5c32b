package dev.vigil.agent.telemetry.export;

import dev.vigil.agent.telemetry.export.http.SharedHttpClientSenders;
import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdkBuilder;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.logs.ConfigurableLogRecordExporterProvider;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.logs.SdkLoggerProviderBuilder;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How Vigil's SDK is put together without the SDK's export threads. Autoconfiguration is told that
 * traces and logs export nothing (its batch processors start a thread when built); their
 * exporters, named as usual, are built here and fed by {@link BatchedSpans} and {@link
 * BatchedLogRecords}. The metric exporter stays autoconfiguration's, but the periodic reader it
 * builds around it is swapped, before it is registered (so before its threads start), for {@link
 * PulledMetrics}. Every HTTP sender comes from one {@link SharedHttpClientSenders}.
 */
final class SdkAssembly {
  private static final String TRACES = "otel.traces.exporter";
  private static final String LOGS = "otel.logs.exporter";
  private static final Duration DEFAULT_METRIC_INTERVAL = Duration.ofMinutes(1);

  private final ComponentLoader components;
  private final ExportAccount traces;
  private final ExportAccount logs;
  private final ExportAccount metrics;
  private final List<ScheduledExport> exports = new ArrayList<>();
  private Set<String> spanExporters = Set.of();
  private Set<String> logExporters = Set.of();
  private MetricExporter metricExporter; // built for the periodic reader autoconfiguration builds next

  SdkAssembly(ComponentLoader services, ExportAccount traces, ExportAccount logs, ExportAccount metrics) {
    this.components = new OneHttpSender(services, new SharedHttpClientSenders());
    this.traces = traces;
    this.logs = logs;
    this.metrics = metrics;
  }

  List<ScheduledExport> exports() {
    return exports;
  }

  AutoConfiguredOpenTelemetrySdkBuilder customize(AutoConfiguredOpenTelemetrySdkBuilder builder) {
    return builder
        .setComponentLoader(components)
        // what the OpenTelemetry Java agent defaults to (the bare SDK would say grpc); OTEL_* still win
        .addPropertiesSupplier(() -> Map.of("otel.exporter.otlp.protocol", "http/protobuf"))
        .addPropertiesCustomizer(this::takeOverSpansAndLogs)
        .addTracerProviderCustomizer(this::addSpanBatches)
        .addLoggerProviderCustomizer(this::addLogBatches)
        .addMetricExporterCustomizer(this::countMetrics)
        .addMetricReaderCustomizer(this::pullMetrics);
  }

  private Map<String, String> takeOverSpansAndLogs(ConfigProperties config) {
    spanExporters = ExporterChoice.names(config, TRACES);
    logExporters = ExporterChoice.names(config, LOGS);
    return Map.of(TRACES, "none", LOGS, "none");
  }

  private SdkTracerProviderBuilder addSpanBatches(SdkTracerProviderBuilder builder, ConfigProperties config) {
    if (spanExporters.isEmpty()) {
      return builder;
    }
    Map<String, SpanExporter> built =
        ExporterChoice.build(TRACES, spanExporters, components.load(ConfigurableSpanExporterProvider.class),
            ConfigurableSpanExporterProvider::getName, ConfigurableSpanExporterProvider::createExporter, config);
    BatchSettings settings = BatchSettings.spans(config);
    traces.open(settings.maxQueue);
    List<SpanExporter> printing = new ArrayList<>();
    List<SpanExporter> batched = new ArrayList<>();
    built.forEach((name, exporter) -> (ExporterChoice.printsEachItem(name) ? printing : batched).add(exporter));
    // each span reaches every exporter: the account counts it through one of them, the batched one if any
    if (!printing.isEmpty()) {
      SpanExporter all = SpanExporter.composite(printing);
      add(builder, batched.isEmpty() ? new CountingSpanExporter(all, traces) : all, settings.unbatched());
    }
    if (!batched.isEmpty()) {
      add(builder, new CountingSpanExporter(SpanExporter.composite(batched), traces), settings);
    }
    return builder;
  }

  private void add(SdkTracerProviderBuilder builder, SpanExporter exporter, BatchSettings settings) {
    BatchedSpans processor = new BatchedSpans(exporter, settings);
    exports.add(processor.batch());
    builder.addSpanProcessor(processor);
  }

  private SdkLoggerProviderBuilder addLogBatches(SdkLoggerProviderBuilder builder, ConfigProperties config) {
    if (logExporters.isEmpty()) {
      return builder;
    }
    Map<String, LogRecordExporter> built =
        ExporterChoice.build(LOGS, logExporters, components.load(ConfigurableLogRecordExporterProvider.class),
            ConfigurableLogRecordExporterProvider::getName, ConfigurableLogRecordExporterProvider::createExporter, config);
    BatchSettings settings = BatchSettings.logs(config);
    logs.open(settings.maxQueue);
    List<LogRecordExporter> printing = new ArrayList<>();
    List<LogRecordExporter> batched = new ArrayList<>();
    built.forEach((name, exporter) -> (ExporterChoice.printsEachItem(name) ? printing : batched).add(exporter));
    if (!printing.isEmpty()) {
      LogRecordExporter all = LogRecordExporter.composite(printing);
      add(builder, batched.isEmpty() ? new CountingLogRecordExporter(all, logs) : all, settings.unbatched());
    }
    if (!batched.isEmpty()) {
      add(builder, new CountingLogRecordExporter(LogRecordExporter.composite(batched), logs), settings);
    }
    return builder;
  }

  private void add(SdkLoggerProviderBuilder builder, LogRecordExporter exporter, BatchSettings settings) {
    BatchedLogRecords processor = new BatchedLogRecords(exporter, settings);
    exports.add(processor.batch());
    builder.addLogRecordProcessor(processor);
  }

  private MetricExporter countMetrics(MetricExporter exporter, ConfigProperties config) {
    metrics.open(Long.MAX_VALUE);
    metricExporter = new CountingMetricExporter(exporter, metrics);
    return metricExporter;
  }

  private MetricReader pullMetrics(MetricReader reader, ConfigProperties config) {
    if (!(reader instanceof PeriodicMetricReader) || metricExporter == null) {
      return reader; // a reader of its own kind (a pull exporter): left as it is
    }
    PulledMetrics pulled = new PulledMetrics(metricExporter, config.getDuration("otel.metric.export.interval", DEFAULT_METRIC_INTERVAL).toNanos());
    metricExporter = null;
    exports.add(pulled);
    return pulled;
  }
}
