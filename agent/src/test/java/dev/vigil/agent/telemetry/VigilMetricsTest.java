package dev.vigil.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.FakeTicker;
import dev.vigil.agent.config.PolicyLoader;
import dev.vigil.agent.engine.Engine;
import dev.vigil.bootstrap.AgentLog;
import dev.vigil.bootstrap.Decision;
import dev.vigil.bootstrap.RequestContext;
import dev.vigil.bootstrap.RequestReader;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil.anomalies} as a backend collects it: every detector's anomalies, by rule and signal, never by caller. */
class VigilMetricsTest {
  private static final String SCANNER = "198.51.100.40";
  private static final String STUFFER = "198.51.100.41";
  private static final AttributeKey<String> RULE = AttributeKey.stringKey("security_rule.name");
  private static final AttributeKey<String> SIGNAL = AttributeKey.stringKey("vigil.signal");

  @TempDir Path dir;
  private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  private final SdkMeterProvider meters = SdkMeterProvider.builder().registerMetricReader(metrics).build();
  private Engine engine;

  @BeforeEach
  void startEngine() throws Exception {
    AgentLog.redirect(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    Path policy = Files.writeString(dir.resolve("vigil.yaml"), "rules: []\nlogin:\n  routes:\n    - { path: /login, usernameParameter: user }\n");
    engine = Engine.create(PolicyLoader.load(policy, new Properties()), new FakeTicker(), Clock.systemUTC());
    VigilMetrics.register(meters.get("test"), engine::summary);
  }

  @AfterEach
  void close() {
    engine.close();
    meters.close();
    AgentLog.redirect(null);
  }

  @Test
  void noAnomalyNoSeries() {
    assertThat(metricsByName()).containsKey("vigil.requests").doesNotContainKey("vigil.anomalies");
  }

  @Test
  void aScanAndAStuffingRunAreEachOneAnomalyOfTheirRuleAndSignal() {
    for (String probe : new String[] {"/.env", "/.git/config", "/wp-login.php"}) {
      answer(new RequestContext("test", "GET", probe, "127.0.0.1", SCANNER, null, null, "scanner/1.0"), 404);
    }
    for (int i = 0; i < 10; i++) {
      answer(login("user" + i), 401);
    }

    MetricData anomalies = metricsByName().get("vigil.anomalies");
    assertThat(anomalies.getUnit()).isEqualTo("{anomaly}");
    assertThat(anomalies.getLongSumData().isMonotonic()).isTrue();
    Map<String, Long> byRuleAndSignal =
        anomalies.getLongSumData().getPoints().stream()
            .collect(Collectors.toMap(p -> p.getAttributes().get(RULE) + " " + p.getAttributes().get(SIGNAL), LongPointData::getValue));
    assertThat(byRuleAndSignal)
        .containsExactlyInAnyOrderEntriesOf(Map.of("scan sensitive-path-probes", 1L, "stuffing-ip distinct-usernames-per-ip", 1L));
    assertThat(anomalies.getLongSumData().getPoints())
        .allSatisfy(p -> assertThat(p.getAttributes().asMap().keySet()).extracting(k -> k.getKey())
            .containsExactlyInAnyOrder("security_rule.name", "vigil.signal"));
  }

  private void answer(RequestContext request, int status) {
    Decision decision = engine.onRequest(request);
    if (!decision.blocks()) {
      engine.onResponse(request, status, null);
    }
  }

  private static RequestContext login(String username) {
    RequestReader form =
        new RequestReader() {
          @Override
          public String header(Object request, String name) {
            return null;
          }

          @Override
          public String formParameter(Object request, String name) {
            return "user".equals(name) ? username : null;
          }
        };
    return new RequestContext("test", "POST", "/login", "127.0.0.1", STUFFER, null, null, "curl/8", form, null);
  }

  private Map<String, MetricData> metricsByName() {
    return metrics.collectAllMetrics().stream().collect(Collectors.toMap(MetricData::getName, m -> m));
  }
}
