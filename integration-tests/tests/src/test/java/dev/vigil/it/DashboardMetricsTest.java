package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.it.dashboard.PromQuery;
import dev.vigil.it.dashboard.PrometheusNames;
import dev.vigil.it.harness.App;
import dev.vigil.it.harness.Http;
import dev.vigil.it.harness.ItEnv;
import dev.vigil.it.harness.Jdk;
import dev.vigil.it.harness.ServerProcess;
import dev.vigil.it.otlp.OtlpReceiver;
import dev.vigil.it.otlp.ReceivedMetric;
import dev.vigil.it.otlp.ReceivedTelemetry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Grafana dashboard (operations/grafana/vigil-dashboard.json) against what a real server with
 * Vigil exports: traffic that gives every panel data (a throttle, a deny-list block, a login lockout,
 * a scan's anomaly, a full table's evictions), each received metric named as the Collector's
 * prometheus exporter names it ({@link PrometheusNames}), then every query of the dashboard must read
 * only metrics that arrived, name only labels those metrics carry, take rates of counters only, and
 * between them read every metric Vigil exports.
 */
@Timeout(120)
class DashboardMetricsTest {
    private static final Duration ARRIVAL = Duration.ofSeconds(20);
    private static final int MAX_KEYS_PER_RULE = 20;
    private static final String POLICY = String.join("\n",
            "trustedProxies: [127.0.0.0/8]",
            "deny: [203.0.113.0/24]",
            "state: { maxKeysPerRule: " + MAX_KEYS_PER_RULE + " }",
            "rules:",
            "  - { name: items, routes: [\"/api/**\"], rate: 1/m, burst: 2 }",
            "login:",
            "  userIp: { threshold: 3, lockout: 10m, jitter: 0s }",
            "  routes:",
            "    - { path: /login, usernameParameter: user }",
            "");

    @ParameterizedTest(name = "Jetty 12 on {0}")
    @EnumSource(Jdk.class)
    void everyDashboardQueryReadsWhatVigilExportsAndEveryExportedMetricIsOnTheDashboard(Jdk jdk) throws Exception {
        Assumptions.assumeTrue(jdk.available(), jdk + " not installed");
        try (OtlpReceiver receiver = OtlpReceiver.startHttp()) {
            Path dir = ItEnv.newWorkDir("jetty12-" + jdk.label() + "-dashboard");
            Path policy = Files.writeString(dir.resolve("vigil.yaml"), POLICY);
            try (ServerProcess server = ServerProcess.builder(App.JETTY12, jdk).name("dashboard").workDir(dir).policy(policy)
                    .env(receiver.exporterEnvironment())
                    .env("OTEL_SERVICE_NAME", "it-dashboard")
                    .env("OTEL_METRIC_EXPORT_INTERVAL", "500")
                    .start().awaitListening()) {
                driveEveryPanel(server);
                ReceivedTelemetry got = receiver.telemetry();
                awaitEveryPanelsData(got);

                Map<String, Set<String>> labelsByMetric = prometheusLabelsByMetric(got.metrics());
                Set<String> counters = got.metrics().stream().filter(m -> m.type() == ReceivedMetric.Type.SUM && m.monotonic())
                        .map(PrometheusNames::metricName).collect(Collectors.toSet());
                List<PromQuery> queries = PromQuery.fromDashboard(
                        new ObjectMapper().readTree(ItEnv.grafanaDir().resolve("vigil-dashboard.json").toFile()));

                SoftAssertions softly = new SoftAssertions();
                for (PromQuery query : queries) {
                    softly.assertThat(query.metrics()).as("%s reads a vigil_ metric", query.source()).isNotEmpty();
                    softly.assertThat(labelsByMetric.keySet()).as("%s reads metrics Vigil exports", query.source()).containsAll(query.metrics());
                    softly.assertThat(query.labelsMissingFrom(labelsByMetric)).as("%s names labels its metrics carry", query.source()).isEmpty();
                    softly.assertThat(counters).as("%s takes rates of counters only", query.source()).containsAll(query.rated());
                }
                Set<String> onTheDashboard = queries.stream().flatMap(q -> q.metrics().stream()).collect(Collectors.toCollection(TreeSet::new));
                softly.assertThat(onTheDashboard).as("every metric Vigil exports is on the dashboard, as Prometheus has it: " + labelsByMetric)
                        .containsExactlyInAnyOrderElementsOf(labelsByMetric.keySet());
                softly.assertAll();
            }
        }
    }

    private static void driveEveryPanel(ServerProcess server) {
        for (int i = 1; i <= 2; i++) {
            assertThat(Http.getAs(server, "198.51.100.7", "/api/items/" + i).status).isEqualTo(200);
        }
        assertThat(Http.getAs(server, "198.51.100.7", "/api/items/3").status).as("over the items burst").isEqualTo(429);
        assertThat(Http.getAs(server, "203.0.113.9", "/hello").status).as("deny-listed").isEqualTo(403);
        for (int i = 1; i <= 3; i++) {
            assertThat(Http.postForm(server, "/login", "user=alice&password=guess" + i, "X-Forwarded-For", "198.51.100.30").status).isEqualTo(401);
        }
        for (String probe : List.of("/.env", "/.git/config", "/wp-login.php")) {
            assertThat(Http.getAs(server, "198.51.100.50", probe).status).as("a scanner's probe").isEqualTo(404);
        }
        for (int i = 1; i <= 2 * MAX_KEYS_PER_RULE; i++) {
            assertThat(Http.getAs(server, "198.18.0." + i, "/api/items/1").status).as("a new caller in good standing").isEqualTo(200);
        }
    }

    private static void awaitEveryPanelsData(ReceivedTelemetry got) {
        got.awaitPoint("vigil.requests", p -> p.longValue() >= 50, ARRIVAL);
        got.awaitPoint("vigil.decisions", p -> "items".equals(p.attribute("security_rule.name")) && p.longValue() >= 1, ARRIVAL);
        got.awaitPoint("vigil.decisions", p -> "deny-list".equals(p.attribute("security_rule.name")) && p.longValue() >= 1, ARRIVAL);
        got.awaitPoint("vigil.lockouts.active", p -> p.longValue() >= 1, ARRIVAL);
        got.awaitPoint("vigil.callers.tracked", p -> p.longValue() >= 1, ARRIVAL);
        got.awaitPoint("vigil.cache.evictions", p -> "rules".equals(p.attribute("vigil.table")) && p.longValue() >= 1, ARRIVAL);
        got.awaitPoint("vigil.anomalies", p -> "scan".equals(p.attribute("security_rule.name"))
                && "sensitive-path-probes".equals(p.attribute("vigil.signal")) && p.longValue() == 1, ARRIVAL);
        got.awaitPoint("vigil.telemetry.dropped", p -> "metrics".equals(p.attribute("vigil.signal")), ARRIVAL);
        got.awaitMetric(m -> m.name().equals("vigil.errors"), ARRIVAL);
    }

    /** Each metric's Prometheus name and labels: its points' attribute keys and what its resource and scope add. */
    private static Map<String, Set<String>> prometheusLabelsByMetric(List<ReceivedMetric> metrics) {
        Map<String, Set<String>> labels = new TreeMap<>();
        for (ReceivedMetric metric : metrics) {
            Set<String> these = labels.computeIfAbsent(PrometheusNames.metricName(metric), name -> new TreeSet<>());
            these.addAll(PrometheusNames.resourceLabels(metric.resource()));
            metric.points().forEach(p -> p.attributes().keySet().forEach(key -> these.add(PrometheusNames.labelName(key))));
        }
        return labels;
    }
}
