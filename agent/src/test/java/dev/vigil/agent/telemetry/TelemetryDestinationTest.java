package dev.vigil.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class TelemetryDestinationTest {
  private static Properties props(String... pairs) {
    Properties p = new Properties();
    for (int i = 0; i < pairs.length; i += 2) {
      p.setProperty(pairs[i], pairs[i + 1]);
    }
    return p;
  }

  @Test
  void byDefaultEverySignalGoesToTheLocalCollectorOverHttpLikeTheOpenTelemetryJavaAgent() {
    TelemetryDestination d = TelemetryDestination.resolve(new Properties(), Map.of());
    assertThat(d.exportsAnything()).isTrue();
    assertThat(d.describe()).isEqualTo("otlp http/protobuf to http://localhost:4318 (traces, metrics, logs)");
  }

  @Test
  void grpcDefaultsToPort4317AndAPropertyWinsOverTheVariable() {
    TelemetryDestination d =
        TelemetryDestination.resolve(
            props("otel.exporter.otlp.endpoint", "http://collector:4317"), Map.of("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc", "OTEL_EXPORTER_OTLP_ENDPOINT", "http://ignored"));
    assertThat(d.describe()).isEqualTo("otlp grpc to http://collector:4317 (traces, metrics, logs)");
    assertThat(TelemetryDestination.resolve(new Properties(), Map.of("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")).describe()).contains("http://localhost:4317");
  }

  @Test
  void signalsAreDescribedByWhereTheyGo() {
    TelemetryDestination d = TelemetryDestination.resolve(new Properties(), Map.of("OTEL_TRACES_EXPORTER", "console", "OTEL_LOGS_EXPORTER", "console", "OTEL_METRICS_EXPORTER", "none"));
    assertThat(d.describe()).isEqualTo("console (traces, logs); none (metrics)");
  }

  @Test
  void noneEverywhereOrTheSdkDisabledMeansNoExportAtAll() {
    assertThat(TelemetryDestination.resolve(new Properties(), Map.of("OTEL_SDK_DISABLED", "true")).exportsAnything()).isFalse();
    TelemetryDestination none = TelemetryDestination.resolve(props("otel.traces.exporter", "none", "otel.metrics.exporter", "none", "otel.logs.exporter", "none"), Map.of());
    assertThat(none.exportsAnything()).isFalse();
    assertThat(none.describe()).isEqualTo("none (disabled by OTEL settings)");
  }
}
