package dev.vigil.agent.telemetry.export;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import java.util.Collection;
import java.util.concurrent.TimeUnit;

/**
 * The metric reader in place of the SDK's periodic one, which runs a scheduler thread and a
 * worker thread: {@code vigil-telemetry} collects and exports every interval ({@code
 * otel.metric.export.interval}), waiting at most the export timeout, and once more at shutdown.
 */
final class PulledMetrics implements MetricReader, ScheduledExport {
  private static final long EXPORT_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30); // the periodic reader's

  private final MetricExporter exporter;
  private final long intervalNanos;
  private volatile CollectionRegistration registration = CollectionRegistration.noop();
  private boolean scheduled;
  private long nextExport;

  PulledMetrics(MetricExporter exporter, long intervalNanos) {
    this.exporter = exporter;
    this.intervalNanos = intervalNanos;
  }

  @Override
  public void register(CollectionRegistration registration) {
    this.registration = registration;
  }

  @Override
  public long runDue(long nowNanos) {
    if (!scheduled) {
      scheduled = true; // the first export a whole interval after the start, as the periodic reader's
      nextExport = nowNanos + intervalNanos;
    }
    if (nowNanos - nextExport >= 0) {
      collectAndExport();
      nextExport = nowNanos + intervalNanos;
    }
    return Math.max(0, nextExport - nowNanos);
  }

  private void collectAndExport() {
    Collection<MetricData> metrics = registration.collectAllMetrics();
    if (!metrics.isEmpty()) {
      exporter.export(metrics).join(EXPORT_TIMEOUT_NANOS, TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
    return exporter.getAggregationTemporality(instrumentType);
  }

  @Override
  public Aggregation getDefaultAggregation(InstrumentType instrumentType) {
    return exporter.getDefaultAggregation(instrumentType);
  }

  @Override
  public MemoryMode getMemoryMode() {
    return exporter.getMemoryMode();
  }

  @Override
  public CompletableResultCode forceFlush() {
    collectAndExport();
    return exporter.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    collectAndExport();
    return exporter.shutdown();
  }
}
