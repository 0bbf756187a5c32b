package dev.vigil.agent.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the policy comes from. Precedence: agent argument {@code config=PATH}, then
 * {@code -Dvigil.config}, then the {@code VIGIL_CONFIG} environment variable, else built-in defaults.
 */
public final class PolicySource {
  public static final String AGENT_ARG = "config";
  public static final String SYSTEM_PROPERTY = "vigil.config";
  public static final String ENVIRONMENT_VARIABLE = "VIGIL_CONFIG";
  private static final java.util.Set<String> KNOWN_AGENT_ARGS = java.util.Set.of(AGENT_ARG);

  private final Path path;
  private final String origin;

  private PolicySource(Path path, String origin) {
    this.path = path;
    this.origin = origin;
  }

  /**
   * @param agentArgs the {@code -javaagent:vigil-agent.jar=...} text: comma-separated key=value
   * @throws IllegalArgumentException (one-line message) when the agent arguments cannot be parsed
   */
  public static PolicySource resolve(String agentArgs, Properties systemProperties, Map<String, String> env) {
    Map<String, String> arguments = parseAgentArguments(agentArgs);
    String fromArgs = arguments.get(AGENT_ARG);
    if (fromArgs != null) {
      return new PolicySource(toPath(fromArgs, "agent argument " + AGENT_ARG + "="), "agent argument " + AGENT_ARG + "=");
    }
    String fromProperty = systemProperties.getProperty(SYSTEM_PROPERTY);
    if (fromProperty != null && !fromProperty.trim().isEmpty()) {
      return new PolicySource(toPath(fromProperty, "-D" + SYSTEM_PROPERTY), "-D" + SYSTEM_PROPERTY);
    }
    String fromEnv = env.get(ENVIRONMENT_VARIABLE);
    if (fromEnv != null && !fromEnv.trim().isEmpty()) {
      return new PolicySource(toPath(fromEnv, ENVIRONMENT_VARIABLE), ENVIRONMENT_VARIABLE);
    }
    return new PolicySource(null, null);
  }

  /** Parses {@code key=value,key=value}; blank means none. */
  static Map<String, String> parseAgentArguments(String agentArgs) {
    Map<String, String> result = new LinkedHashMap<>();
    if (agentArgs == null || agentArgs.trim().isEmpty()) {
      return Collections.unmodifiableMap(result);
    }
    for (String part : agentArgs.split(",", -1)) {
      int equals = part.indexOf('=');
      String key = equals < 0 ? part.trim() : part.substring(0, equals).trim();
      String value = equals < 0 ? null : part.substring(equals + 1).trim();
      if (equals < 0 || key.isEmpty() || value.isEmpty()) {
        throw new IllegalArgumentException(
            "invalid agent arguments '" + agentArgs + "': expected comma-separated key=value, e.g. -javaagent:vigil-agent.jar=config=/etc/vigil.yaml; '"
                + part.trim() + "' is not key=value");
      }
      if (!KNOWN_AGENT_ARGS.contains(key)) {
        // a typo such as "confg=" would otherwise silently run the built-in defaults
        throw new IllegalArgumentException(
            "invalid agent arguments '" + agentArgs + "': unknown key '" + key + "'; known keys: " + KNOWN_AGENT_ARGS);
      }
      if (result.put(key, value) != null) {
        throw new IllegalArgumentException("invalid agent arguments '" + agentArgs + "': '" + key + "' given twice");
      }
    }
    return Collections.unmodifiableMap(result);
  }

  private static Path toPath(String value, String origin) {
    try {
      return Paths.get(value.trim()).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("invalid policy path '" + value + "' from " + origin + ": " + e.getReason());
    }
  }

  /** The policy file, or empty for built-in defaults. */
  public Optional<Path> path() {
    return Optional.ofNullable(path);
  }

  /** e.g. {@code file /x/vigil.yaml (from -Dvigil.config)} or {@code built-in defaults (no policy file)}. */
  public String description() {
    return path == null ? "built-in defaults (no policy file)" : "file " + path + " (from " + origin + ")";
  }

  @Override
  public String toString() {
    return description();
  }
}
