package dev.vigil.agent.telemetry.export;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import java.util.Collection;

/** The configured log record exporter, reporting each batch's fate to the signal's {@link ExportAccount}. */
final class CountingLogRecordExporter implements LogRecordExporter {
  private final LogRecordExporter delegate;
  private final ExportAccount account;

  CountingLogRecordExporter(LogRecordExporter delegate, ExportAccount account) {
    this.delegate = delegate;
    this.account = account;
  }

  @Override
  public CompletableResultCode export(Collection<LogRecordData> logs) {
    int items = logs.size();
    CompletableResultCode result;
    try {
      result = delegate.export(logs);
    } catch (RuntimeException e) {
      account.exported(items, false);
      return CompletableResultCode.ofFailure();
    }
    result.whenComplete(() -> account.exported(items, result.isSuccess()));
    return result;
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
