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
    return account.settleWhenDone(logs.size(), () -> delegate.export(logs));
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
