package dev.vigil.agent.telemetry.export;

import io.opentelemetry.sdk.common.CompletableResultCode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the SDK's batch processors do, without their thread: items (finished spans, emitted log
 * records) wait here until {@link #runDue} finds a full batch or the schedule delay gone since the
 * last export, then go to the exporter from the caller's thread, which waits at most the export
 * timeout. Items arrive from the telemetry thread and from the scheduler's repeat counts. The
 * signal's {@link ExportAccount} never hands more than the queue holds, so nothing here is
 * dropped unseen.
 */
final class SignalBatch<T> implements ScheduledExport {
  private final BatchSettings settings;
  private final Function<Collection<T>, CompletableResultCode> exporter;
  private final ArrayDeque<T> items = new ArrayDeque<>();
  private boolean scheduled;
  private long nextExport;

  SignalBatch(BatchSettings settings, Function<Collection<T>, CompletableResultCode> exporter) {
    this.settings = settings;
    this.exporter = exporter;
  }

  synchronized void add(T item) {
    items.add(item);
  }

  synchronized int size() {
    return items.size();
  }

  @Override
  public long runDue(long nowNanos) {
    if (!scheduled) {
      scheduled = true;
      nextExport = nowNanos + settings.delayNanos;
    }
    while (size() >= settings.maxBatch) {
      exportBatch();
      nextExport = nowNanos + settings.delayNanos;
    }
    if (nowNanos - nextExport >= 0) {
      exportBatch();
      nextExport = nowNanos + settings.delayNanos;
    }
    // the first item after a quiet spell goes out as soon as the delay since the last export allows
    return size() == 0 ? IDLE : Math.max(0, nextExport - nowNanos);
  }

  /**
   * Exports everything held, due or not, then hands over to the exporter's own {@code next} step:
   * the processor's flush (the exporter's flush) and its shutdown (the exporter's shutdown).
   */
  CompletableResultCode flushThen(Supplier<CompletableResultCode> next) {
    while (size() > 0) {
      exportBatch();
    }
    return next.get();
  }

  private void exportBatch() {
    List<T> batch;
    synchronized (this) {
      if (items.isEmpty()) {
        return;
      }
      batch = new ArrayList<>(Math.min(items.size(), settings.maxBatch));
      while (batch.size() < settings.maxBatch && !items.isEmpty()) {
        batch.add(items.poll());
      }
    }
    // the OTLP/HTTP senders finish before they return; another exporter (gRPC) is waited for, boundedly
    exporter.apply(batch).join(settings.timeoutNanos, TimeUnit.NANOSECONDS);
  }
}
