package dev.vigil.agent.telemetry;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Where telemetry would go, read from the standard {@code OTEL_*} variables and {@code otel.*}
 * properties exactly as the OpenTelemetry Java agent reads them (property wins over variable).
 * Export itself is not built yet; the startup line and the demo say where it would be sent.
 */
public final class TelemetryDestination {
  private final String exporter;
  private final String protocol;
  private final String endpoint;
  private final boolean disabled;

  private TelemetryDestination(String exporter, String protocol, String endpoint, boolean disabled) {
    this.exporter = exporter;
    this.protocol = protocol;
    this.endpoint = endpoint;
    this.disabled = disabled;
  }

  public static TelemetryDestination resolve(Properties properties, Map<String, String> env) {
    boolean disabled = Boolean.parseBoolean(setting("otel.sdk.disabled", properties, env, "false"));
    String exporter = setting("otel.traces.exporter", properties, env, "otlp");
    String protocol = setting("otel.exporter.otlp.protocol", properties, env, "http/protobuf");
    String defaultEndpoint = "grpc".equals(protocol) ? "http://localhost:4317" : "http://localhost:4318";
    String endpoint = setting("otel.exporter.otlp.endpoint", properties, env, defaultEndpoint);
    return new TelemetryDestination(exporter, protocol, endpoint, disabled);
  }

  private static String setting(String property, Properties properties, Map<String, String> env, String fallback) {
    String value = properties.getProperty(property);
    if (value == null || value.isBlank()) {
      value = env.get(property.toUpperCase(Locale.ROOT).replace('.', '_'));
    }
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  /** For the startup line: honest about export not running yet. */
  public String describe() {
    if (disabled || "none".equals(exporter)) {
      return "none (disabled by OTEL settings)";
    }
    if (exporter.contains("otlp")) {
      return "none yet (would send " + exporter + " " + protocol + " to " + endpoint + ")";
    }
    return "none yet (would use exporter " + exporter + ")";
  }
}
