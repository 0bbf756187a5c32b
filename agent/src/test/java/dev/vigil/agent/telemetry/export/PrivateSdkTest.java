package dev.vigil.agent.telemetry.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SDK as autoconfiguration builds it for Vigil, exporting to a local OTLP/HTTP endpoint. */
class PrivateSdkTest {
  private static final List<String> SETTINGS =
      List.of("otel.exporter.otlp.endpoint", "otel.metric.export.interval", "otel.bsp.schedule.delay", "otel.traces.exporter");
  private final Map<String, Integer> received = new ConcurrentHashMap<>();
  private final ExportAccount traces = new ExportAccount("traces");
  private final ExportAccount logs = new ExportAccount("logs");
  private final ExportAccount metrics = new ExportAccount("metrics");
  private HttpServer backend;

  @BeforeEach
  void start() throws Exception {
    backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    backend.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      received.merge(exchange.getRequestURI().getPath(), 1, Integer::sum);
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    backend.start();
    System.setProperty("otel.exporter.otlp.endpoint", "http://127.0.0.1:" + backend.getAddress().getPort());
    System.setProperty("otel.metric.export.interval", "100");
    System.setProperty("otel.bsp.schedule.delay", "100");
  }

  @AfterEach
  void stop() {
    SETTINGS.forEach(System::clearProperty);
    backend.stop(0);
  }

  @Test
  void everySignalIsExportedFromTheCallersThreadOverOneHttpClient() throws Exception {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    PrivateSdk sdk = PrivateSdk.build(getClass().getClassLoader(), traces, logs, metrics);
    OpenTelemetrySdk otel = sdk.sdk();
    assertThat(traces.tryHand()).isTrue();
    otel.getTracerProvider().get("test").spanBuilder("s").startSpan().end();
    assertThat(logs.tryHand()).isTrue();
    otel.getLogsBridge().get("test").logRecordBuilder().setSeverity(Severity.WARN).setBody("b").emit();
    otel.getMeterProvider().get("test").counterBuilder("c").build().add(1);
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (received.size() < 3 && System.nanoTime() < deadline) {
      sdk.runDue(System.nanoTime());
      Thread.sleep(20);
    }
    assertThat(received).containsOnlyKeys("/v1/traces", "/v1/logs", "/v1/metrics");
    assertThat(traces.unexported()).isZero();
    assertThat(logs.unexported()).isZero();
    List<String> started = Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t)).map(Thread::getName)
        .filter(name -> !name.startsWith("HTTP-Dispatcher")).collect(Collectors.toList());
    assertThat(started).as("no batch processor, metric reader or sender pool threads").singleElement().asString()
        .endsWith("SelectorManager");
    sdk.shutdown(2_000);
  }

  @Test
  void anUnknownExporterNameIsRefusedAsAutoconfigurationWould() {
    System.setProperty("otel.traces.exporter", "zipkin2");
    assertThatThrownBy(() -> PrivateSdk.build(getClass().getClassLoader(), traces, logs, metrics))
        .isInstanceOf(ConfigurationException.class).hasMessage("Unrecognized value for otel.traces.exporter: zipkin2");
  }

  @Test
  void noneSwitchesASignalOff() {
    System.setProperty("otel.traces.exporter", "none");
    PrivateSdk sdk = PrivateSdk.build(getClass().getClassLoader(), traces, logs, metrics);
    assertThat(traces.open()).isFalse();
    assertThat(logs.open()).isTrue();
    sdk.shutdown(2_000);
  }
}
