package dev.vigil.agent.telemetry.export;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.LogRecordProcessor;
import io.opentelemetry.sdk.logs.ReadWriteLogRecord;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;

/** The log record processor in place of the SDK's batch processor: records wait in a {@link SignalBatch}. */
final class BatchedLogRecords implements LogRecordProcessor {
  private final LogRecordExporter exporter;
  private final SignalBatch<LogRecordData> batch;

  BatchedLogRecords(LogRecordExporter exporter, BatchSettings settings) {
    this.exporter = exporter;
    this.batch = new SignalBatch<>(settings, exporter::export);
  }

  SignalBatch<LogRecordData> batch() {
    return batch;
  }

  @Override
  public void onEmit(Context context, ReadWriteLogRecord logRecord) {
    batch.add(logRecord.toLogRecordData());
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
