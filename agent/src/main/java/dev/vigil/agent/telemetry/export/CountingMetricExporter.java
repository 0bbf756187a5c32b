package dev.vigil.agent.telemetry.export;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import java.util.Collection;

/**
 * The configured metric exporter, counting metrics of failed exports as dropped. Vigil's metrics
 * are cumulative, so the next successful export carries the totals, including the dropped count.
 */
final class CountingMetricExporter implements MetricExporter {
  private final MetricExporter delegate;
  private final ExportAccount account;

  CountingMetricExporter(MetricExporter delegate, ExportAccount account) {
    this.delegate = delegate;
    this.account = account;
  }

  @Override
  public CompletableResultCode export(Collection<MetricData> metrics) {
    return account.settleWhenDone(metrics.size(), () -> delegate.export(metrics));
  }

  @Override
  public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
    return delegate.getAggregationTemporality(instrumentType);
  }

  @Override
  public Aggregation getDefaultAggregation(InstrumentType instrumentType) {
    return delegate.getDefaultAggregation(instrumentType);
  }

  @Override
  public MemoryMode getMemoryMode() {
    return delegate.getMemoryMode();
  }

  @Override
  public CompletableResultCode flush() {
    return delegate.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }
}
