package dev.vigil.agent.telemetry.export;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The exporters named by {@code otel.traces.exporter} or {@code otel.logs.exporter}, built by the
 * same providers and refused with the same messages as the SDK's autoconfiguration would: Vigil
 * tells autoconfiguration that these signals export nothing (else it would start a batch
 * processor thread per signal) and builds them itself, for {@code vigil-telemetry} to batch.
 */
final class ExporterChoice {
  private static final Map<String, String> ARTIFACT_BY_NAME =
      Map.of(
          "console", "opentelemetry-exporter-logging",
          "logging", "opentelemetry-exporter-logging",
          "logging-otlp", "opentelemetry-exporter-logging-otlp",
          "experimental-otlp/stdout", "opentelemetry-exporter-logging-otlp",
          "otlp", "opentelemetry-exporter-otlp");

  private ExporterChoice() {}

  /** The names set for {@code property}, {@code otlp} when none is; empty for {@code none}. */
  static Set<String> names(ConfigProperties config, String property) {
    Set<String> names = new TreeSet<>(DefaultConfigProperties.getSet(config, property));
    if (names.contains("none")) {
      if (names.size() > 1) {
        throw new ConfigurationException(property + " contains none along with other exporters");
      }
      return Set.of();
    }
    return names.isEmpty() ? Set.of("otlp") : names;
  }

  /**
   * One exporter per name, in the names' order, each from the provider of that name.
   *
   * @param providers the signal's {@code Configurable...ExporterProvider}s
   */
  static <P, E> Map<String, E> build(
      String property, Set<String> names, Iterable<P> providers, Function<P, String> nameOf, BiFunction<P, ConfigProperties, E> create,
      ConfigProperties config) {
    Map<String, P> byName = new LinkedHashMap<>();
    for (P provider : providers) {
      byName.putIfAbsent(nameOf.apply(provider), provider);
    }
    Map<String, E> exporters = new LinkedHashMap<>();
    for (String name : names) {
      P provider = byName.get(name);
      if (provider == null) {
        String artifact = ARTIFACT_BY_NAME.get(name);
        throw new ConfigurationException(artifact == null
            ? "Unrecognized value for " + property + ": " + name
            : property + " set to \"" + name + "\" but " + artifact + " not found on classpath. Make sure to add it as a dependency.");
      }
      exporters.put(name, create.apply(provider, config));
    }
    return exporters;
  }

  /** Whether the SDK would hand this exporter each item as it ends, unbatched (it prints). */
  static boolean printsEachItem(String name) {
    return name.equals("console") || name.equals("logging");
  }
}
