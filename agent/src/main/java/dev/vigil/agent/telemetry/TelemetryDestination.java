package dev.vigil.agent.telemetry;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Where telemetry goes, read from the standard {@code OTEL_*} variables and {@code otel.*}
 * properties as the OpenTelemetry SDK reads them (property wins over variable), for the startup
 * line and to decide whether to start exporting at all. The SDK itself re-reads everything.
 */
public final class TelemetryDestination {
  private static final String[] SIGNALS = {"traces", "metrics", "logs"};

  private final Map<String, String> exporters;
  private final String protocol;
  private final String endpoint;
  private final boolean disabled;

  private TelemetryDestination(Map<String, String> exporters, String protocol, String endpoint, boolean disabled) {
    this.exporters = exporters;
    this.protocol = protocol;
    this.endpoint = endpoint;
    this.disabled = disabled;
  }

  public static TelemetryDestination resolve(Properties properties, Map<String, String> env) {
    boolean disabled = Boolean.parseBoolean(setting("otel.sdk.disabled", properties, env, "false"));
    Map<String, String> exporters = new LinkedHashMap<>();
    for (String signal : SIGNALS) {
      exporters.put(signal, setting("otel." + signal + ".exporter", properties, env, "otlp").toLowerCase(Locale.ROOT));
    }
    String protocol = setting("otel.exporter.otlp.protocol", properties, env, "http/protobuf");
    String defaultEndpoint = "grpc".equals(protocol) ? "http://localhost:4317" : "http://localhost:4318";
    String endpoint = setting("otel.exporter.otlp.endpoint", properties, env, defaultEndpoint);
    return new TelemetryDestination(exporters, protocol, endpoint, disabled);
  }

  private static String setting(String property, Properties properties, Map<String, String> env, String fallback) {
    String value = properties.getProperty(property);
    if (value == null || value.isBlank()) {
      value = env.get(property.toUpperCase(Locale.ROOT).replace('.', '_'));
    }
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  /** False when {@code otel.sdk.disabled} or every signal's exporter is {@code none}: no thread, no SDK. */
  public boolean exportsAnything() {
    if (disabled) {
      return false;
    }
    for (String exporter : exporters.values()) {
      if (!"none".equals(exporter)) {
        return true;
      }
    }
    return false;
  }

  /** For the startup line, e.g. {@code otlp http/protobuf to http://localhost:4318 (traces, metrics, logs)}. */
  public String describe() {
    if (!exportsAnything()) {
      return "none (disabled by OTEL settings)";
    }
    Map<String, StringBuilder> bySink = new LinkedHashMap<>();
    for (Map.Entry<String, String> signal : exporters.entrySet()) {
      String sink = signal.getValue().contains("otlp") ? signal.getValue() + " " + protocol + " to " + endpoint : signal.getValue();
      StringBuilder signals = bySink.computeIfAbsent(sink, k -> new StringBuilder());
      signals.append(signals.length() == 0 ? "" : ", ").append(signal.getKey());
    }
    StringBuilder text = new StringBuilder();
    for (Map.Entry<String, StringBuilder> sink : bySink.entrySet()) {
      text.append(text.length() == 0 ? "" : "; ").append(sink.getKey()).append(" (").append(sink.getValue()).append(')');
    }
    return text.toString();
  }
}
