package dev.vigil.agent.telemetry.console;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import java.util.Collection;

/** {@code OTEL_LOGS_EXPORTER=console}: each event as one line, name first. */
public final class ConsoleLogRecordExporter implements LogRecordExporter {
  @Override
  public CompletableResultCode export(Collection<LogRecordData> logs) {
    for (LogRecordData log : logs) {
      String body = log.getBodyValue() == null ? "" : log.getBodyValue().asString();
      ConsoleLine.print(
          "event " + log.getEventName() + " trace=" + log.getSpanContext().getTraceId() + " \"" + body + "\" "
              + ConsoleLine.attributes(log.getAttributes()));
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
