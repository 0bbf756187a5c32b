package dev.vigil.agent.telemetry.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A username or path with CR/LF or terminal escapes must stay inside its own {@code [vigil otel]} line. */
class ConsoleExportersTest {
  private static final String FORGED = "x\r\n[vigil] ERROR forged\u001b[2J";
  private static final String SHOWN = "x\\r\\n[vigil] ERROR forged\\u001b[2J";
  private static final AttributeKey<String> USER = AttributeKey.stringKey("user.id");

  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  private PrintStream original;

  @BeforeEach
  void captureStderr() {
    original = System.err;
    System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreStderr() {
    System.setErr(original);
  }

  @Test
  void spanAttributesAreEscaped() {
    try (SdkTracerProvider tracers = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(new ConsoleSpanExporter())).build()) {
      tracers.get("test").spanBuilder("vigil.decision").setAttribute(USER, FORGED).startSpan().end();
    }
    assertOneEscapedLine("[vigil otel] span vigil.decision ");
  }

  @Test
  void eventBodiesAndAttributesAreEscaped() {
    try (SdkLoggerProvider loggers = SdkLoggerProvider.builder().addLogRecordProcessor(SimpleLogRecordProcessor.create(new ConsoleLogRecordExporter())).build()) {
      loggers.get("test").logRecordBuilder().setEventName("vigil.login.failure").setBody("login failed for " + FORGED).setAllAttributes(Attributes.of(USER, FORGED)).emit();
    }
    assertOneEscapedLine("[vigil otel] event vigil.login.failure ");
    assertThat(output()).contains("\"login failed for " + SHOWN + "\"");
  }

  @Test
  void metricAttributesAreEscaped() {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    try (SdkMeterProvider meters = SdkMeterProvider.builder().registerMetricReader(reader).build()) {
      meters.get("test").counterBuilder("vigil.requests").build().add(1, Attributes.of(USER, FORGED));
      new ConsoleMetricExporter().export(reader.collectAllMetrics());
    }
    assertOneEscapedLine("[vigil otel] metric vigil.requests = 1 ");
  }

  private void assertOneEscapedLine(String start) {
    List<String> lines = output().lines().collect(Collectors.toList());
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).startsWith(start).contains("user.id=" + SHOWN);
    assertThat(output()).doesNotContain("\r").doesNotContain("\u001b");
  }

  private String output() {
    return stderr.toString(StandardCharsets.UTF_8);
  }
}
