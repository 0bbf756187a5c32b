package dev.vigil.agent.telemetry.console;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;

/** {@code OTEL_TRACES_EXPORTER=console}: each span as one line. */
public final class ConsoleSpanExporter implements SpanExporter {
  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    for (SpanData span : spans) {
      ConsoleLine.print(
          "span " + span.getName() + " trace=" + span.getTraceId() + " span=" + span.getSpanId() + " parent=" + span.getParentSpanId()
              + " " + ConsoleLine.attributes(span.getAttributes()));
    }
    return CompletableResultCode.ofSuccess();
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
