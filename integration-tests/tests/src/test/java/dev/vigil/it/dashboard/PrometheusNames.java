package dev.vigil.it.dashboard;

import dev.vigil.it.otlp.ReceivedMetric;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * OTLP names as an OpenTelemetry Collector's {@code prometheus} exporter writes them with its default
 * translation ({@code UnderscoreEscapingWithSuffixes}), which is the OpenTelemetry specification's
 * {@code compatibility/prometheus_and_openmetrics.md} ("OTLP Metric points to Prometheus"). The
 * exporter ({@code exporter/prometheusexporter/collector.go} in opentelemetry-collector-contrib) builds
 * names with {@code github.com/prometheus/otlptranslator}; these are its rules, read in
 * {@code metric_namer.go} ({@code normalizeName}), {@code unit_namer.go} ({@code buildUnitSuffixes}),
 * {@code label_namer.go} and the exporter's {@code utils.go}:
 *
 * <ol>
 *   <li>a metric name is split at every character outside {@code [a-zA-Z0-9:]} and its words joined
 *       with {@code _}: {@code vigil.cache.evictions} is {@code vigil_cache_evictions};
 *   <li>the unit before a {@code /} is added as a word unless it is in braces ({@code {request}}: a
 *       count, no unit) or already a word of the name, abbreviations spelled out ({@code s} seconds,
 *       {@code By} bytes, {@code 1} nothing, others as they are); the unit after it as
 *       {@code per_<unit>} ({@code s} second, {@code h} hour, ...);
 *   <li>a monotonic sum (a counter) ends in {@code _total}, once; a gauge with unit {@code 1} in
 *       {@code _ratio}; non-monotonic sums (up-down counters) and other gauges in neither;
 *   <li>a name starting with a digit gets a leading {@code _};
 *   <li>an attribute key has every character outside {@code [a-zA-Z0-9_]} replaced with {@code _} and
 *       runs of {@code _} collapsed: {@code security_rule.name} is {@code security_rule_name}; a
 *       leading digit gets {@code key_};
 *   <li>the resource gives {@code job} ({@code service.name}, after {@code service.namespace/} when
 *       there is one) and {@code instance} ({@code service.instance.id}, only when there is one); every
 *       series also carries {@code otel_scope_name}, {@code otel_scope_version} and
 *       {@code otel_scope_schema_url}; other resource attributes go to {@code target_info} only.
 * </ol>
 */
public final class PrometheusNames {
    private static final Map<String, String> UNITS = Map.ofEntries(
            Map.entry("d", "days"), Map.entry("h", "hours"), Map.entry("min", "minutes"), Map.entry("s", "seconds"),
            Map.entry("ms", "milliseconds"), Map.entry("us", "microseconds"), Map.entry("ns", "nanoseconds"),
            Map.entry("By", "bytes"), Map.entry("KiBy", "kibibytes"), Map.entry("MiBy", "mebibytes"), Map.entry("GiBy", "gibibytes"),
            Map.entry("1", ""), Map.entry("%", "percent"));
    private static final Map<String, String> PER_UNITS =
            Map.of("s", "second", "m", "minute", "h", "hour", "d", "day", "w", "week", "mo", "month", "y", "year");
    private static final Pattern OUTSIDE_METRIC_WORDS = Pattern.compile("[^a-zA-Z0-9:]+");
    private static final Pattern OUTSIDE_LABEL_CHARS = Pattern.compile("[^a-zA-Z0-9_]");

    private PrometheusNames() {}

    public static String metricName(ReceivedMetric metric) {
        return metricName(metric.name(), metric.unit(), metric.type(), metric.monotonic());
    }

    public static String metricName(String name, String unit, ReceivedMetric.Type type, boolean monotonic) {
        ArrayList<String> words = new ArrayList<>(Arrays.asList(OUTSIDE_METRIC_WORDS.split(name)));
        words.removeIf(String::isEmpty);
        String[] mainAndPer = unit.split("/", 2);
        String perUnit = mainAndPer.length > 1 ? unitWord(mainAndPer[1], PER_UNITS) : "";
        addIfNew(words, unitWord(mainAndPer[0], UNITS));
        addIfNew(words, perUnit.isEmpty() ? "" : "per_" + perUnit);
        if (type == ReceivedMetric.Type.SUM && monotonic) {
            moveToEnd(words, "total");
        } else if (type == ReceivedMetric.Type.GAUGE && unit.equals("1")) {
            moveToEnd(words, "ratio");
        }
        String joined = String.join("_", words);
        return !joined.isEmpty() && Character.isDigit(joined.charAt(0)) ? "_" + joined : joined;
    }

    public static String labelName(String attributeKey) {
        String label = OUTSIDE_LABEL_CHARS.matcher(attributeKey).replaceAll("_").replaceAll("_+", "_");
        return Character.isDigit(label.charAt(0)) ? "key_" + label : label;
    }

    /** The labels every series of a resource carries besides its own attributes. */
    public static Set<String> resourceLabels(Map<String, Object> resource) {
        Set<String> labels = new TreeSet<>(Set.of("otel_scope_name", "otel_scope_version", "otel_scope_schema_url"));
        if (resource.containsKey("service.name")) labels.add("job");
        if (resource.containsKey("service.instance.id")) labels.add("instance");
        return labels;
    }

    /** A unit as a name word: empty for a count in braces, spelled out when known, else cleaned up. */
    private static String unitWord(String unit, Map<String, String> spelledOut) {
        String trimmed = unit.trim();
        if (trimmed.isEmpty() || trimmed.contains("{") || trimmed.contains("}")) return "";
        String word = OUTSIDE_METRIC_WORDS.matcher(spelledOut.getOrDefault(trimmed, trimmed)).replaceAll("_");
        return word.replaceAll("^_+|_+$", "");
    }

    private static void addIfNew(ArrayList<String> words, String word) {
        if (!word.isEmpty() && !words.contains(word)) words.add(word);
    }

    private static void moveToEnd(ArrayList<String> words, String word) {
        words.removeIf(word::equals);
        words.add(word);
    }
}
