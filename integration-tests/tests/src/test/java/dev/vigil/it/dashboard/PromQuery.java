package dev.vigil.it.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one query of a Grafana dashboard asks Prometheus for, read with a few patterns rather than a
 * PromQL parser (none small enough is on Maven Central): the {@code vigil_} metrics it reads, every
 * label it names (in {@code by}, {@code without}, {@code on}, {@code ignoring}, {@code group_left} or
 * {@code group_right} lists, in {@code {label="..."}} matchers, in the legend's {@code {{label}}}), and
 * the metrics it takes a {@code rate}, {@code irate} or {@code increase} of. Quoted strings are blanked
 * first, so a label value or a {@code $variable} is never read as a name.
 *
 * @param source the panel's or the template variable's title, to say which one is wrong
 */
public record PromQuery(String source, Set<String> metrics, Set<String> labels, Set<String> rated) {
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern LABEL_LIST = Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");
    private static final Pattern MATCHERS = Pattern.compile("\\{([^}]*)}");
    private static final Pattern MATCHER_LABEL = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*(?:=~|!~|!=|=)");
    private static final Pattern LEGEND_LABEL = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}}");
    private static final Pattern METRIC = Pattern.compile("(?<![A-Za-z0-9_:$])vigil_[A-Za-z0-9_:]*");
    private static final Pattern RATED = Pattern.compile("\\b(?:rate|irate|increase)\\s*\\(\\s*(vigil_[A-Za-z0-9_:]*)");
    /** Grafana's own variable query: {@code label_values(selector, label)} or {@code label_values(label)}. */
    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\(\\s*(?:(.*),)?\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\)\\s*$");

    /** Every panel target's {@code expr} (rows' panels included) and every query variable of a dashboard. */
    public static List<PromQuery> fromDashboard(JsonNode dashboard) {
        List<PromQuery> queries = new ArrayList<>();
        collectTargets(dashboard.path("panels"), queries);
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if ("query".equals(variable.path("type").asText())) {
                JsonNode query = variable.path("query");
                String text = query.isObject() ? query.path("query").asText() : query.asText();
                queries.add(variable("variable " + variable.path("name").asText(), text));
            }
        }
        return queries;
    }

    public static PromQuery of(String source, String expr, String legendFormat) {
        String code = STRING.matcher(expr).replaceAll("\"\"");
        Set<String> labels = new TreeSet<>();
        Matcher lists = LABEL_LIST.matcher(code);
        while (lists.find()) {
            for (String label : lists.group(1).split(",")) {
                if (!label.isBlank()) labels.add(label.trim());
            }
        }
        Matcher selectors = MATCHERS.matcher(code);
        while (selectors.find()) {
            labels.addAll(all(MATCHER_LABEL, selectors.group(1)));
        }
        labels.addAll(all(LEGEND_LABEL, legendFormat));
        // label names start with vigil_ too: only what is left outside label lists and matchers is a metric
        String withoutLabels = MATCHERS.matcher(LABEL_LIST.matcher(code).replaceAll(" ")).replaceAll(" ");
        return new PromQuery(source, all(METRIC, withoutLabels), labels, all(RATED, code));
    }

    static PromQuery variable(String source, String query) {
        Matcher labelValues = LABEL_VALUES.matcher(query);
        if (!labelValues.matches()) return of(source, query, "");
        PromQuery selector = of(source, labelValues.group(1) == null ? "" : labelValues.group(1), "");
        Set<String> labels = new TreeSet<>(selector.labels);
        labels.add(labelValues.group(2));
        return new PromQuery(source, selector.metrics, labels, selector.rated);
    }

    /** The labels this query names that {@code labelsByMetric} does not give every metric it reads. */
    public Set<String> labelsMissingFrom(Map<String, Set<String>> labelsByMetric) {
        Set<String> missing = new TreeSet<>();
        for (String metric : metrics) {
            for (String label : labels) {
                if (!labelsByMetric.getOrDefault(metric, Set.of()).contains(label)) missing.add(metric + "{" + label + "}");
            }
        }
        return missing;
    }

    private static void collectTargets(JsonNode panels, List<PromQuery> queries) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                if (target.has("expr")) {
                    String source = "panel '" + panel.path("title").asText() + "'";
                    queries.add(of(source, target.path("expr").asText(), target.path("legendFormat").asText()));
                }
            }
            collectTargets(panel.path("panels"), queries);
        }
    }

    /** Group 1 of every match, or the whole match for a pattern without groups. */
    private static Set<String> all(Pattern pattern, String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) found.add(m.groupCount() > 0 ? m.group(1) : m.group());
        return found;
    }
}
