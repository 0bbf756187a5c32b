package dev.vigil.agent.telemetry.console;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import java.util.Collection;

/** {@code OTEL_METRICS_EXPORTER=console}: each data point as one line, cumulative. */
public final class ConsoleMetricExporter implements MetricExporter {
  @Override
  public CompletableResultCode export(Collection<MetricData> metrics) {
    for (MetricData metric : metrics) {
      for (PointData point : metric.getData().getPoints()) {
        ConsoleLine.print("metric " + metric.getName() + " = " + value(point) + " " + ConsoleLine.attributes(point.getAttributes()));
      }
    }
    return CompletableResultCode.ofSuccess();
  }

  private static String value(PointData point) {
    if (point instanceof LongPointData) {
      return Long.toString(((LongPointData) point).getValue());
    }
    if (point instanceof DoublePointData) {
      return Double.toString(((DoublePointData) point).getValue());
    }
    return point.toString();
  }

  @Override
  public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
    return AggregationTemporality.CUMULATIVE;
  }

  @Override
  public CompletableResultCode flush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }
}
