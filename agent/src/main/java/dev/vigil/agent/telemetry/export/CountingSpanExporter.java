package dev.vigil.agent.telemetry.export;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;

/** The configured span exporter, reporting each batch's fate to the signal's {@link ExportAccount}. */
final class CountingSpanExporter implements SpanExporter {
  private final SpanExporter delegate;
  private final ExportAccount account;

  CountingSpanExporter(SpanExporter delegate, ExportAccount account) {
    this.delegate = delegate;
    this.account = account;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    return account.settleWhenDone(spans.size(), () -> delegate.export(spans));
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
