package dev.vigil.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.FakeTicker;
import dev.vigil.agent.config.Policy;
import dev.vigil.agent.config.PolicyLoader;
import dev.vigil.agent.config.TelemetrySettings.UserIdentity;
import dev.vigil.agent.engine.Engine;
import dev.vigil.agent.event.VigilEvent;
import dev.vigil.agent.telemetry.export.ExportAccount;
import dev.vigil.bootstrap.AgentLog;
import dev.vigil.bootstrap.Decision;
import dev.vigil.bootstrap.RequestContext;
import dev.vigil.bootstrap.RequestReader;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's decisions as a backend receives them: spans, events and metrics, through a real SDK. */
class DecisionExportTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);
  private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  private static final String PARENT_SPAN = "b7ad6b7169203331";

  @TempDir Path dir;
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final InMemoryLogRecordExporter events = InMemoryLogRecordExporter.create();
  private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  private final SdkTracerProvider tracers = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
  private final SdkLoggerProvider loggers = SdkLoggerProvider.builder().addLogRecordProcessor(SimpleLogRecordProcessor.create(events)).build();
  private final SdkMeterProvider meters = SdkMeterProvider.builder().registerMetricReader(metrics).build();
  private final ExportAccount traceAccount = new ExportAccount("traces");
  private final ExportAccount logAccount = new ExportAccount("logs");
  private final FakeTicker ticker = new FakeTicker();
  private final java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();
  private OtelRecordWriter writer;
  private Engine engine;

  /** A server's request as its reader shows it: headers, no form. */
  public interface Headers extends RequestReader {
    String getHeader(String name);

    @Override
    default String header(Object request, String name) {
      return getHeader(name);
    }

    @Override
    default String formParameter(Object request, String name) {
      return null;
    }
  }

  /** A login form's request: headers and parameters. */
  public interface Form extends Headers {
    String getParameter(String name);

    @Override
    default String formParameter(Object request, String name) {
      return getParameter(name);
    }
  }

  @BeforeEach
  void quiet() {
    AgentLog.redirect(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    traceAccount.open(1000);
    logAccount.open(1000);
  }

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
    tracers.close();
    loggers.close();
    meters.close();
    AgentLog.redirect(null);
  }

  private Engine engine(UserIdentity users, boolean requestSpans, String... yaml) throws Exception {
    Path file = dir.resolve("vigil.yaml");
    Files.writeString(file, String.join("\n", yaml) + "\n");
    Policy policy = PolicyLoader.load(file, new Properties());
    writer = new OtelRecordWriter(tracers.get("test"), loggers.get("test"), traceAccount, logAccount, UserLabel.of(users, "k"), nanos::get);
    TelemetrySink sink =
        new TelemetrySink() {
          @Override
          public boolean enabled() {
            return true;
          }

          @Override
          public boolean requestSpans() {
            return requestSpans;
          }

          @Override
          public void accept(VigilEvent event) {
            writer.write(event);
          }
        };
    engine = Engine.create(policy, ticker, CLOCK, sink);
    VigilMetrics.register(meters.get("test"), engine::summary, traceAccount, logAccount);
    return engine;
  }

  private static RequestContext request(String path, String client, String traceparent, String apiKey) {
    Headers headers = name -> "traceparent".equals(name) ? traceparent : null;
    return new RequestContext("test", "GET", path, "127.0.0.1", client, apiKey, null, "scraper/1.0", headers, null);
  }

  private static Map<String, Object> attributes(io.opentelemetry.api.common.Attributes attributes) {
    return attributes.asMap().entrySet().stream().collect(Collectors.toMap(e -> e.getKey().getKey(), Map.Entry::getValue));
  }

  @Test
  void aThrottleIsASpanUnderTheCallersTraceAndAnEventWithTheSameIds() throws Exception {
    engine(UserIdentity.ID, false, "rules: [{name: per-ip, routes: ['/api/**'], rate: 1/m, burst: 1}]");
    String traceparent = "00-" + TRACE_ID + "-" + PARENT_SPAN + "-01";
    assertThat(engine.onRequest(request("/api/items/1", "198.51.100.7", traceparent, null))).isSameAs(Decision.ALLOW);
    Decision decision = engine.onRequest(request("/api/items/2;jsessionid=SECRET", "198.51.100.7", traceparent, null));
    assertThat(decision.status()).isEqualTo(429);

    SpanData span = spans.getFinishedSpanItems().get(0);
    assertThat(span.getName()).isEqualTo("vigil.decision");
    assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(span.getParentSpanId()).isEqualTo(PARENT_SPAN);
    assertThat(attributes(span.getAttributes()))
        .containsEntry("http.request.method", "GET")
        .containsEntry("url.path", "/api/items/2")
        .containsEntry("http.route", "/api/items/{id}")
        .containsEntry("vigil.rule.route", "/api/**")
        .containsEntry("http.response.status_code", 429L)
        .containsEntry("client.address", "198.51.100.7")
        .containsEntry("user_agent.original", "scraper/1.0")
        .containsEntry("vigil.action", "throttle")
        .containsEntry("vigil.rule", "per-ip")
        .containsEntry("vigil.key.type", "ip")
        .containsEntry("vigil.enforced", true)
        .containsEntry("vigil.retry_after", decision.retryAfterSeconds());

    LogRecordData event = events.getFinishedLogRecordItems().get(0);
    assertThat(event.getEventName()).isEqualTo("vigil.throttle");
    assertThat(event.getSpanContext().getTraceId()).isEqualTo(TRACE_ID);
    assertThat(event.getSpanContext().getSpanId()).isEqualTo(span.getSpanId());
    assertThat(attributes(event.getAttributes())).containsEntry("security_rule.name", "per-ip").containsEntry("client.address", "198.51.100.7");
    assertThat(event.getBodyValue().asString()).contains("throttled GET /api/items/2 from 198.51.100.7 by rule per-ip");
    assertThat(span.toString() + event).doesNotContain("SECRET");
  }

  @Test
  void aMonitoredBlockIsExportedAsWhatWouldHaveHappened() throws Exception {
    engine(UserIdentity.ID, false, "mode: monitor", "deny: [203.0.113.0/24]", "rules: []");
    assertThat(engine.onRequest(request("/x", "203.0.113.9", null, null))).isSameAs(Decision.ALLOW);

    LogRecordData event = events.getFinishedLogRecordItems().get(0);
    assertThat(event.getEventName()).isEqualTo("vigil.block");
    assertThat(attributes(event.getAttributes())).containsEntry("vigil.enforced", false).containsEntry("security_rule.name", "deny-list");
    assertThat(event.getBodyValue().asString()).startsWith("would have blocked");
    assertThat(spans.getFinishedSpanItems().get(0).getParentSpanId()).as("no traceparent: a root span").isEqualTo("0000000000000000");
  }

  @Test
  void theRawApiKeyNeverLeavesOnlyItsHash() throws Exception {
    engine(UserIdentity.ID, false, "apiKeyHeader: X-Api-Key", "rules: [{name: per-key, key: apikey, rate: 1/m, burst: 1}]");
    engine.onRequest(request("/x", "198.51.100.7", null, "sk_live_VERYSECRET"));
    engine.onRequest(request("/x", "198.51.100.7", null, "sk_live_VERYSECRET"));

    String exported = spans.getFinishedSpanItems().toString() + events.getFinishedLogRecordItems();
    assertThat(exported).doesNotContain("VERYSECRET").contains("vigil.key.type=apikey").contains("apikey:#");
  }

  @Test
  void withRequestSpansOnAnAllowedRequestGetsASpanWithTheAppsStatus() throws Exception {
    engine(UserIdentity.ID, true, "rules: []");
    RequestContext facts = request("/hello", "198.51.100.8", "00-" + TRACE_ID + "-" + PARENT_SPAN + "-01", null);
    assertThat(engine.onRequest(facts)).isSameAs(Decision.ALLOW);
    engine.onResponse(facts, 200, null);

    SpanData span = spans.getFinishedSpanItems().get(0);
    assertThat(span.getName()).isEqualTo("vigil.request");
    assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(attributes(span.getAttributes())).containsEntry("http.response.status_code", 200L).doesNotContainKey("vigil.action");
    assertThat(events.getFinishedLogRecordItems()).as("an allowed request is not an event").isEmpty();
  }

  @Test
  void withoutRequestSpansAnAllowedRequestExportsNothing() throws Exception {
    engine(UserIdentity.ID, false, "rules: []");
    RequestContext facts = request("/hello", "198.51.100.8", null, null);
    engine.onRequest(facts);
    engine.onResponse(facts, 200, null);
    assertThat(spans.getFinishedSpanItems()).isEmpty();
    assertThat(events.getFinishedLogRecordItems()).isEmpty();
  }

  @Test
  void metricsCountRequestsAndDecisionsByRuleWithoutPerCallerLabels() throws Exception {
    engine(UserIdentity.ID, false, "deny: [203.0.113.0/24]", "rules: [{name: per-ip, rate: 1/m, burst: 1}]");
    for (int i = 0; i < 3; i++) {
      engine.onRequest(request("/x", "198.51.100.7", null, null));
    }
    engine.onRequest(request("/x", "203.0.113.1", null, null));

    Map<String, MetricData> byName = metrics.collectAllMetrics().stream().collect(Collectors.toMap(MetricData::getName, m -> m));
    assertThat(byName).containsKeys(
        "vigil.requests", "vigil.decisions", "vigil.lockouts.active", "vigil.callers.tracked", "vigil.cache.evictions", "vigil.errors",
        "vigil.telemetry.dropped");
    assertThat(byName.get("vigil.requests").getLongSumData().getPoints()).singleElement().extracting(p -> p.getValue()).isEqualTo(4L);
    Map<String, Long> decisions =
        byName.get("vigil.decisions").getLongSumData().getPoints().stream()
            .collect(Collectors.toMap(p -> p.getAttributes().get(AttributeKey.stringKey("security_rule.name")), p -> p.getValue()));
    assertThat(decisions).containsExactlyInAnyOrderEntriesOf(Map.of("per-ip", 2L, "deny-list", 1L));
    assertThat(byName.get("vigil.callers.tracked").getLongSumData().getPoints()).singleElement().extracting(p -> p.getValue()).isEqualTo(1L);
    String everyAttribute = byName.values().stream().map(m -> m.getData().getPoints().toString()).collect(Collectors.joining());
    assertThat(everyAttribute).doesNotContain("198.51.100.7").doesNotContain("203.0.113.1");
  }

  @Test
  void hashedUsersLeaveAsUserHashNeverAsTheName() {
    UserLabel hashed = UserLabel.of(UserIdentity.HASH, "key-1");
    assertThat(hashed.attribute()).isEqualTo("user.hash");
    assertThat(hashed.value("alice")).hasSize(16).doesNotContain("alice").isEqualTo(UserLabel.of(UserIdentity.HASH, "key-1").value("alice"));
    assertThat(UserLabel.of(UserIdentity.HASH, "key-2").value("alice")).isNotEqualTo(hashed.value("alice"));
    assertThat(UserLabel.of(UserIdentity.ID, null).attribute()).isEqualTo("user.id");
  }

  @Test
  void aFullExportQueueCountsWhatItCouldNotTake() throws Exception {
    traceAccount.open(1);
    engine(UserIdentity.ID, false, "rules: [{name: per-ip, rate: 1/m, burst: 1}]");
    for (int i = 0; i < 4; i++) {
      engine.onRequest(request("/x", "198.51.100.7", null, null));
    }
    // SimpleSpanProcessor is not wrapped by the counting exporter: the first span stays "in the queue"
    assertThat(spans.getFinishedSpanItems()).hasSize(1);
    assertThat(traceAccount.dropped()).isEqualTo(2);
  }

  @Test
  void anAbusersDecisionsAreEachASpanButOneEventPerSecondCarryingTheRepeats() throws Exception {
    engine(UserIdentity.ID, false, "rules: [{name: per-ip, rate: 1/m, burst: 1}]");
    engine.onRequest(request("/x", "198.51.100.7", null, null));
    for (int i = 0; i < 5; i++) {
      engine.onRequest(request("/x", "198.51.100.7", null, null));
    }
    engine.onRequest(request("/x", "198.51.100.99", null, null));
    engine.onRequest(request("/x", "198.51.100.99", null, null));
    assertThat(spans.getFinishedSpanItems()).as("a span per decision").hasSize(6);
    assertThat(events.getFinishedLogRecordItems()).as("the first decision per caller").hasSize(2);

    nanos.addAndGet(1_500_000_000L);
    engine.onRequest(request("/x", "198.51.100.7", null, null));
    LogRecordData next = events.getFinishedLogRecordItems().get(2);
    assertThat(attributes(next.getAttributes())).containsEntry("vigil.repeats", 4L).containsEntry("client.address", "198.51.100.7");

    engine.onRequest(request("/x", "198.51.100.7", null, null));
    engine.onRequest(request("/x", "198.51.100.7", null, null));
    nanos.addAndGet(11_000_000_000L);
    writer.flushQuiet();
    LogRecordData last = events.getFinishedLogRecordItems().get(3);
    assertThat(attributes(last.getAttributes())).as("the quiet caller's last count").containsEntry("vigil.repeats", 1L);
    assertThat(events.getFinishedLogRecordItems()).hasSize(4);
  }

  @Test
  void bruteForceShowsAsLoginFailuresThenALockoutThenItsEnd() throws Exception {
    engine(UserIdentity.ID, false, "rules: []", "login:", "  routes:", "    - { path: /login, usernameParameter: user }");
    for (int i = 0; i < 5; i++) {
      login("203.0.113.5", "alice", 401);
    }
    List<LogRecordData> failures = eventsNamed("vigil.login.failure");
    assertThat(failures).hasSize(5);
    assertThat(attributes(failures.get(0).getAttributes()))
        .containsEntry("user.id", "alice")
        .containsEntry("client.address", "203.0.113.5")
        .containsEntry("vigil.login.outcome", "failure")
        .containsEntry("url.path", "/login");
    LogRecordData lockout = eventsNamed("vigil.lockout").get(0);
    assertThat(attributes(lockout.getAttributes()))
        .containsEntry("security_rule.name", "user-ip")
        .containsEntry("user.id", "alice")
        .containsEntry("client.address", "203.0.113.5")
        .containsEntry("vigil.enforced", true);
    assertThat((Long) attributes(lockout.getAttributes()).get("vigil.retry_after")).isBetween(60L, 71L);
    assertThat(eventsNamed("vigil.lockout.expired")).isEmpty();

    engine.reportExpiredLockouts();
    assertThat(eventsNamed("vigil.lockout.expired")).as("still locked").isEmpty();
    ticker.advance(java.time.Duration.ofSeconds(72));
    engine.reportExpiredLockouts();
    LogRecordData expired = eventsNamed("vigil.lockout.expired").get(0);
    assertThat(attributes(expired.getAttributes())).containsEntry("security_rule.name", "user-ip").containsEntry("vigil.key", "ip:203.0.113.5");
    engine.reportExpiredLockouts();
    assertThat(eventsNamed("vigil.lockout.expired")).as("reported once").hasSize(1);
  }

  @Test
  void stuffingAcrossAccountsIsAnAnomalyAndAnAddressLockoutWithHashedUsers() throws Exception {
    engine(UserIdentity.HASH, false, "rules: []", "login:", "  routes:", "    - { path: /login, usernameParameter: user }");
    for (int i = 0; i < 10; i++) {
      login("198.51.100.20", "user" + i, 401);
    }
    LogRecordData anomaly = eventsNamed("vigil.anomaly").get(0);
    assertThat(attributes(anomaly.getAttributes()))
        .containsEntry("vigil.signal", "distinct-usernames-per-ip")
        .containsEntry("vigil.signal.value", 10.0)
        .containsEntry("security_rule.name", "stuffing-ip")
        .containsEntry("client.address", "198.51.100.20");
    assertThat(eventsNamed("vigil.lockout")).anySatisfy(e -> assertThat(attributes(e.getAttributes())).containsEntry("security_rule.name", "stuffing-ip"));
    String exported = events.getFinishedLogRecordItems().toString();
    assertThat(exported).contains("user.hash").doesNotContain("user.id").doesNotContain("user3");
  }

  private void login(String ip, String user, int appStatus) {
    Form form =
        new Form() {
          @Override
          public String getHeader(String name) {
            return null;
          }

          @Override
          public String getParameter(String name) {
            return "user".equals(name) ? user : null;
          }
        };
    RequestContext facts = new RequestContext("test", "POST", "/login", "127.0.0.1", ip, null, null, "curl/8", form, null);
    Decision decision = engine.onRequest(facts);
    if (!decision.blocks()) {
      engine.onResponse(facts, appStatus, null);
    }
  }

  private List<LogRecordData> eventsNamed(String name) {
    return events.getFinishedLogRecordItems().stream().filter(e -> name.equals(e.getEventName())).collect(Collectors.toList());
  }

  @SuppressWarnings("unused")
  private static List<String> names(List<SpanData> items) {
    return items.stream().map(SpanData::getName).collect(Collectors.toList());
  }
}
