package dev.vigil.it.dashboard;

import static dev.vigil.it.otlp.ReceivedMetric.Type.GAUGE;
import static dev.vigil.it.otlp.ReceivedMetric.Type.HISTOGRAM;
import static dev.vigil.it.otlp.ReceivedMetric.Type.SUM;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vigil.it.harness.ItEnv;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The translation and the query reading that DashboardMetricsTest relies on, and the shipped
 * Collector configuration keeping that translation. Expected names are otlptranslator's own test
 * cases ({@code metric_namer_test.go}, {@code label_namer_test.go}) and Vigil's metrics.
 */
class DashboardFilesTest {
    @Test
    void metricNamesGetTheCollectorsSuffixes() {
        assertThat(PrometheusNames.metricName("vigil.requests", "{request}", SUM, true)).isEqualTo("vigil_requests_total");
        assertThat(PrometheusNames.metricName("vigil.lockouts.active", "{lockout}", SUM, false)).isEqualTo("vigil_lockouts_active");
        assertThat(PrometheusNames.metricName("requests", "", SUM, true)).isEqualTo("requests_total");
        assertThat(PrometheusNames.metricName("requests_total", "", SUM, true)).isEqualTo("requests_total");
        assertThat(PrometheusNames.metricName("items", "1", SUM, true)).isEqualTo("items_total");
        assertThat(PrometheusNames.metricName("cpu_usage", "1", GAUGE, false)).isEqualTo("cpu_usage_ratio");
        assertThat(PrometheusNames.metricName("memory_usage", "By", GAUGE, false)).isEqualTo("memory_usage_bytes");
        assertThat(PrometheusNames.metricName("http.server.duration", "s", HISTOGRAM, false)).isEqualTo("http_server_duration_seconds");
        assertThat(PrometheusNames.metricName("http.server.duration_seconds", "s", HISTOGRAM, false)).isEqualTo("http_server_duration_seconds");
        assertThat(PrometheusNames.metricName("requests", "1/s", GAUGE, false)).isEqualTo("requests_per_second");
        assertThat(PrometheusNames.metricName("throughput", "By/s", GAUGE, false)).isEqualTo("throughput_bytes_per_second");
        assertThat(PrometheusNames.metricName("custom_metric", "By/{custom}", GAUGE, false)).isEqualTo("custom_metric_bytes");
        assertThat(PrometheusNames.metricName("metric@@##$$name", "", GAUGE, false)).isEqualTo("metric_name");
        assertThat(PrometheusNames.metricName("123metric", "", GAUGE, false)).isEqualTo("_123metric");
    }

    @Test
    void attributeKeysBecomeLabelsAndTheServiceBecomesTheJob() {
        assertThat(PrometheusNames.labelName("security_rule.name")).isEqualTo("security_rule_name");
        assertThat(PrometheusNames.labelName("http.method")).isEqualTo("http_method");
        assertThat(PrometheusNames.labelName("label..with..dots")).isEqualTo("label_with_dots");
        assertThat(PrometheusNames.labelName("123invalid")).isEqualTo("key_123invalid");
        assertThat(PrometheusNames.resourceLabels(Map.of("service.name", "shop")))
                .contains("job", "otel_scope_name").doesNotContain("instance", "service_name");
        assertThat(PrometheusNames.resourceLabels(Map.of("service.name", "shop", "service.instance.id", "a1"))).contains("job", "instance");
    }

    @Test
    void aQueryNamesItsMetricsApartFromLabelsThatLookLikeThem() {
        PromQuery query = PromQuery.of("panel", "sum by (security_rule_name, vigil_action) "
                + "(rate(vigil_decisions_total{job=~\"$service\", vigil_enforced!=\"vigil_x\"}[$__rate_interval]))"
                + " / on (job) group_left vigil_requests_total", "{{security_rule_name}} {{ vigil_table }}");
        assertThat(query.metrics()).containsExactlyInAnyOrder("vigil_decisions_total", "vigil_requests_total");
        assertThat(query.labels()).containsExactlyInAnyOrder("security_rule_name", "vigil_action", "job", "vigil_enforced", "vigil_table");
        assertThat(query.rated()).containsExactly("vigil_decisions_total");

        PromQuery variable = PromQuery.variable("variable service", "label_values(vigil_requests_total{vigil_x=\"1\"}, job)");
        assertThat(variable.metrics()).containsExactly("vigil_requests_total");
        assertThat(variable.labels()).containsExactlyInAnyOrder("vigil_x", "job");
    }

    @Test
    void theCollectorConfigurationKeepsTheDefaultTranslation() throws Exception {
        JsonNode config = new ObjectMapper(new YAMLFactory()).readTree(ItEnv.grafanaDir().resolve("otel-collector.yaml").toFile());
        JsonNode metrics = config.path("service").path("pipelines").path("metrics");
        assertThat(metrics.path("receivers").toString()).contains("\"otlp\"");
        assertThat(metrics.path("processors")).as("no processor that renames or drops")
                .allSatisfy(p -> assertThat(p.asText()).isIn("batch", "memory_limiter"));
        assertThat(metrics.path("exporters")).hasSize(1);
        String exporterName = metrics.path("exporters").get(0).asText();
        assertThat(exporterName).matches("prometheus(/.*)?");
        JsonNode exporter = config.path("exporters").path(exporterName);
        assertThat(exporter.has("namespace")).as("a namespace prefixes every name").isFalse();
        assertThat(exporter.path("translation_strategy").asText("UnderscoreEscapingWithSuffixes")).isEqualTo("UnderscoreEscapingWithSuffixes");
        assertThat(exporter.path("add_metric_suffixes").asBoolean(true)).isTrue();
        assertThat(config.path("service").path("pipelines").fieldNames()).toIterable().contains("traces", "logs");
    }
}
