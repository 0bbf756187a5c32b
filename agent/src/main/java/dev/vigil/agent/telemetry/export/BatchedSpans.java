package dev.vigil.agent.telemetry.export;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/** The span processor in place of the SDK's batch processor: sampled spans wait in a {@link SignalBatch}. */
final class BatchedSpans implements SpanProcessor {
  private final SpanExporter exporter;
  private final SignalBatch<SpanData> batch;

  BatchedSpans(SpanExporter exporter, BatchSettings settings) {
    this.exporter = exporter;
    this.batch = new SignalBatch<>(settings, exporter::export);
  }

  SignalBatch<SpanData> batch() {
    return batch;
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {}

  @Override
  public boolean isStartRequired() {
    return false;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    if (span.getSpanContext().isSampled()) {
      batch.add(span.toSpanData());
    }
  }

  @Override
  public boolean isEndRequired() {
    return true;
  }

  @Override
  public CompletableResultCode forceFlush() {
    return batch.flushThen(exporter::flush);
  }

  @Override
  public CompletableResultCode shutdown() {
    return batch.flushThen(exporter::shutdown);
  }
}
