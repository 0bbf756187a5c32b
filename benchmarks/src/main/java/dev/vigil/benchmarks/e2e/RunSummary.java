package dev.vigil.benchmarks.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Summarises benchmarks/e2e/compare.sh's runs.tsv: per variant (no-agent A, agent, no-agent B, and
 * A and B together) the min / median / max of each metric, and per round the ratios agent / no-agent
 * (the agent run against the mean of the round's A and B, which bracket it in time) and B / A (the
 * noise floor: two identical no-agent JVMs of the same round). Prints a table; writes summary.tsv
 * and summary.json beside runs.tsv.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.vigil.benchmarks.e2e.RunSummary OUT/runs.tsv</pre>
 */
public final class RunSummary {
  /** The measured columns of runs.tsv, and whether more is better (for reading the ratios). */
  static final String[] METRICS = {"wrk_rps", "cpu_us_per_req_wrk", "cpu_us_per_req_fixed", "p50_ms", "p90_ms", "p99_ms", "p999_ms", "max_ms"};

  private RunSummary() {}

  public static void main(String[] args) throws IOException {
    Path runs = Paths.get(args[0]);
    List<Map<String, String>> rows = readTsv(runs);
    StringBuilder tsv = new StringBuilder("metric\tvariant\tn\tmin\tmedian\tmax\n");
    StringBuilder json = new StringBuilder("{\n  \"runs\": ").append(rows.size()).append(",\n  \"metrics\": {\n");
    StringBuilder table = new StringBuilder();
    table.append(String.format(Locale.ROOT, "%-22s %-26s %-26s %-26s | %-24s %-24s%n", "metric: min/median/max", "no-agent A", "agent", "no-agent B",
        "agent/no-agent per round", "noise B/A per round"));
    for (int m = 0; m < METRICS.length; m++) {
      String metric = METRICS[m];
      double[] a = column(rows, "noA", metric);
      double[] g = column(rows, "agent", metric);
      double[] b = column(rows, "noB", metric);
      double[] ab = concat(a, b);
      Map<Integer, Double> byRoundA = byRound(rows, "noA", metric), byRoundB = byRound(rows, "noB", metric), byRoundG = byRound(rows, "agent", metric);
      List<Double> ratio = new ArrayList<>(), noise = new ArrayList<>();
      for (Map.Entry<Integer, Double> e : byRoundG.entrySet()) {
        Double ra = byRoundA.get(e.getKey()), rb = byRoundB.get(e.getKey());
        if (ra != null && rb != null && ra + rb > 0) ratio.add(e.getValue() / ((ra + rb) / 2));
      }
      for (Map.Entry<Integer, Double> e : byRoundA.entrySet()) {
        Double rb = byRoundB.get(e.getKey());
        if (rb != null && e.getValue() > 0) noise.add(rb / e.getValue());
      }
      double[] ratios = toArray(ratio), noises = toArray(noise);
      table.append(String.format(Locale.ROOT, "%-22s %-26s %-26s %-26s | %-24s %-24s%n", metric, triple(a), triple(g), triple(b), triple(ratios), triple(noises)));
      json.append("    \"").append(metric).append("\": {");
      appendTsvAndJson(tsv, json, metric, "noA", a);
      json.append(", ");
      appendTsvAndJson(tsv, json, metric, "agent", g);
      json.append(", ");
      appendTsvAndJson(tsv, json, metric, "noB", b);
      json.append(", ");
      appendTsvAndJson(tsv, json, metric, "noAB", ab);
      json.append(", ");
      appendTsvAndJson(tsv, json, metric, "ratio_agent_per_round", ratios);
      json.append(", ");
      appendTsvAndJson(tsv, json, metric, "ratio_noiseB_A_per_round", noises);
      json.append(String.format(Locale.ROOT, ", \"ratio_of_medians_agent_noAB\": %s, \"ratio_of_medians_noB_noA\": %s}",
          num(median(g) / median(ab)), num(median(b) / median(a))));
      json.append(m + 1 < METRICS.length ? ",\n" : "\n");
      tsv.append(String.format(Locale.ROOT, "%s\tratio_of_medians_agent_noAB\t%d\t\t%s\t%n", metric, g.length, num(median(g) / median(ab))));
      tsv.append(String.format(Locale.ROOT, "%s\tratio_of_medians_noB_noA\t%d\t\t%s\t%n", metric, a.length, num(median(b) / median(a))));
    }
    json.append("  }\n}\n");
    System.out.print(table);
    double[] rpsRatio = perRoundRatios(rows, "wrk_rps");
    System.out.printf(Locale.ROOT, "throughput agent/no-agent: median of %d rounds %.3f (min %.3f, max %.3f); noise floor B/A: %s (budget: >= 0.97)%n",
        rpsRatio.length, median(rpsRatio), min(rpsRatio), max(rpsRatio), triple(noiseRatios(rows, "wrk_rps")));
    Files.write(runs.resolveSibling("summary.tsv"), tsv.toString().getBytes(StandardCharsets.UTF_8));
    Files.write(runs.resolveSibling("summary.json"), json.toString().getBytes(StandardCharsets.UTF_8));
  }

  static double[] perRoundRatios(List<Map<String, String>> rows, String metric) {
    Map<Integer, Double> a = byRound(rows, "noA", metric), b = byRound(rows, "noB", metric), g = byRound(rows, "agent", metric);
    List<Double> out = new ArrayList<>();
    for (Map.Entry<Integer, Double> e : g.entrySet()) {
      if (a.containsKey(e.getKey()) && b.containsKey(e.getKey())) out.add(e.getValue() / ((a.get(e.getKey()) + b.get(e.getKey())) / 2));
    }
    return toArray(out);
  }

  static double[] noiseRatios(List<Map<String, String>> rows, String metric) {
    Map<Integer, Double> a = byRound(rows, "noA", metric), b = byRound(rows, "noB", metric);
    List<Double> out = new ArrayList<>();
    for (Map.Entry<Integer, Double> e : a.entrySet()) {
      if (b.containsKey(e.getKey())) out.add(b.get(e.getKey()) / e.getValue());
    }
    return toArray(out);
  }

  private static void appendTsvAndJson(StringBuilder tsv, StringBuilder json, String metric, String variant, double[] values) {
    tsv.append(String.format(Locale.ROOT, "%s\t%s\t%d\t%s\t%s\t%s%n", metric, variant, values.length, num(min(values)), num(median(values)), num(max(values))));
    json.append(String.format(Locale.ROOT, "\"%s\": {\"n\": %d, \"min\": %s, \"median\": %s, \"max\": %s}", variant, values.length,
        num(min(values)), num(median(values)), num(max(values))));
  }

  static List<Map<String, String>> readTsv(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    String[] header = lines.get(0).split("\t");
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) continue;
      String[] cells = line.split("\t", -1);
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < header.length && i < cells.length; i++) row.put(header[i], cells[i]);
      rows.add(row);
    }
    return rows;
  }

  private static double[] column(List<Map<String, String>> rows, String variant, String metric) {
    return toArray(new ArrayList<>(byRound(rows, variant, metric).values()));
  }

  private static Map<Integer, Double> byRound(List<Map<String, String>> rows, String variant, String metric) {
    Map<Integer, Double> out = new LinkedHashMap<>();
    for (Map<String, String> row : rows) {
      String value = row.get(metric);
      if (variant.equals(row.get("variant")) && value != null && !value.isEmpty()) out.put(Integer.parseInt(row.get("round")), Double.parseDouble(value));
    }
    return out;
  }

  static double median(double[] values) {
    if (values.length == 0) return Double.NaN;
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  private static double min(double[] v) {
    return v.length == 0 ? Double.NaN : Arrays.stream(v).min().getAsDouble();
  }

  private static double max(double[] v) {
    return v.length == 0 ? Double.NaN : Arrays.stream(v).max().getAsDouble();
  }

  private static String triple(double[] v) {
    return v.length == 0 ? "-" : fmt(min(v)) + "/" + fmt(median(v)) + "/" + fmt(max(v));
  }

  private static String fmt(double d) {
    double abs = Math.abs(d);
    return String.format(Locale.ROOT, abs >= 1000 ? "%.0f" : abs >= 10 ? "%.2f" : "%.3f", d);
  }

  private static String num(double d) {
    return Double.isNaN(d) || Double.isInfinite(d) ? "null" : String.format(Locale.ROOT, "%.6g", d);
  }

  private static double[] concat(double[] a, double[] b) {
    double[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static double[] toArray(List<Double> list) {
    return list.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
