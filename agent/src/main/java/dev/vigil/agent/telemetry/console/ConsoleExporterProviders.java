package dev.vigil.agent.telemetry.console;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.logs.ConfigurableLogRecordExporterProvider;
import io.opentelemetry.sdk.autoconfigure.spi.metrics.ConfigurableMetricExporterProvider;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * Registers the {@code console} exporter name with the SDK's autoconfiguration, as the
 * OpenTelemetry Java agent does, so {@code OTEL_TRACES_EXPORTER=console} (and the metrics and logs
 * variants) print to stderr. Listed in {@code META-INF/services}.
 */
public final class ConsoleExporterProviders {
  static final String NAME = "console";

  private ConsoleExporterProviders() {}

  public static final class Spans implements ConfigurableSpanExporterProvider {
    @Override
    public SpanExporter createExporter(ConfigProperties config) {
      return new ConsoleSpanExporter();
    }

    @Override
    public String getName() {
      return NAME;
    }
  }

  public static final class Logs implements ConfigurableLogRecordExporterProvider {
    @Override
    public LogRecordExporter createExporter(ConfigProperties config) {
      return new ConsoleLogRecordExporter();
    }

    @Override
    public String getName() {
      return NAME;
    }
  }

  public static final class Metrics implements ConfigurableMetricExporterProvider {
    @Override
    public MetricExporter createExporter(ConfigProperties config) {
      return new ConsoleMetricExporter();
    }

    @Override
    public String getName() {
      return NAME;
    }
  }
}
