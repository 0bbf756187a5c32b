package dev.vigil.agent.config;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.vigil.agent.caller.ForwardingHeader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * Reads a policy YAML file (schema on {@link Policy}). Strict: an unknown field, a wrong type, a bad
 * value or a YAML syntax error is an {@link InvalidPolicyException} naming line, column and field.
 * An empty file means the built-in defaults.
 */
public final class PolicyLoader {
  private static final long MAX_FILE_BYTES = 1 << 20;
  private static final ObjectMapper MAPPER = newMapper();

  private PolicyLoader() {}

  /** Loads the file and applies the {@code vigil.mode} / {@code vigil.audit.file} system properties. */
  public static Policy load(Path file) throws InvalidPolicyException {
    return load(file, System.getProperties());
  }

  public static Policy load(Path file, Properties systemProperties) throws InvalidPolicyException {
    return PolicyOverrides.apply(parse(file, read(file)), systemProperties);
  }

  /** {@link #load(Path)} of text read already ({@link #read}): a reload parses exactly the bytes it fingerprinted. */
  public static Policy load(Path file, String yaml) throws InvalidPolicyException {
    return PolicyOverrides.apply(parse(file, yaml), System.getProperties());
  }

  /** Parses policy text; {@code file} only names the source in error messages. */
  static Policy parse(Path file, String yaml) throws InvalidPolicyException {
    try (JsonParser parser = MAPPER.createParser(yaml)) {
      JsonToken first = parser.nextToken();
      if (first == null || first == JsonToken.VALUE_NULL) {
        return Policy.builtIn();
      }
      PolicyDocument document = MAPPER.readValue(parser, PolicyDocument.class);
      if (parser.nextToken() != null) {
        JsonLocation at = parser.currentTokenLocation();
        throw InvalidPolicyException.at(file, at.getLineNr(), at.getColumnNr(), "", "only one YAML document is allowed", null);
      }
      return toPolicy(file, document);
    } catch (JacksonException e) {
      throw PolicyErrors.translate(file, e);
    } catch (IOException e) {
      throw InvalidPolicyException.at(file, 0, 0, "", "cannot parse: " + e, e);
    }
  }

  /** How the document classes are bound (which fields are YAML fields, under which names), for the schema's test. */
  static DeserializationConfig bindingConfig() {
    return MAPPER.getDeserializationConfig();
  }

  /** The file's text, at most 1 MiB. */
  public static String read(Path file) throws InvalidPolicyException {
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw InvalidPolicyException.at(file, 0, 0, "", "file is larger than 1 MiB", null);
      }
      return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw InvalidPolicyException.at(file, 0, 0, "", "cannot read the file: " + e, e);
    }
  }

  private static Policy toPolicy(Path file, PolicyDocument document) throws InvalidPolicyException {
    Policy defaults = Policy.builtIn();
    List<Rule> rules = document.rules == null ? defaults.rules() : document.rules.rules;
    if (document.apiKeyHeader == null && document.rules != null) {
      for (int i = 0; i < rules.size(); i++) {
        if (rules.get(i).key() == KeyType.APIKEY) {
          JsonLocation at = document.rules.starts.get(i);
          throw InvalidPolicyException.at(
              file, at.getLineNr(), at.getColumnNr(), "rules[" + i + "].key", "key apikey needs apiKeyHeader (e.g. apiKeyHeader: X-API-Key)", null);
        }
      }
    }
    PolicyDocument.State state = document.state;
    int maxKeys = state == null || state.maxKeysPerRule == null ? StateLimits.DEFAULT_MAX_KEYS_PER_RULE : state.maxKeysPerRule;
    StateLimits limits =
        new StateLimits(
            maxKeys,
            state == null || state.maxThrottledKeysPerRule == null ? StateLimits.defaultMaxThrottledKeys(maxKeys) : state.maxThrottledKeysPerRule,
            state == null || state.idleExpiry == null ? StateLimits.DEFAULT_IDLE_EXPIRY : state.idleExpiry);
    return new Policy(
        document.mode == null ? defaults.mode() : document.mode,
        document.trustedProxies == null ? defaults.trustedProxies() : document.trustedProxies,
        document.apiKeyHeader,
        document.allow == null ? List.of() : document.allow,
        document.deny == null ? List.of() : document.deny,
        limits,
        document.audit == null ? null : document.audit.file,
        rules,
        LoginPolicies.toLoginPolicy(file, document.login))
        .withTelemetry(telemetry(document.telemetry))
        .withDetectors(DetectorPolicies.toSettings(document.detectors))
        .withClientIpHeader(document.clientIpHeader == null ? ForwardingHeader.defaultHeader() : ForwardingHeader.named(document.clientIpHeader));
  }

  private static TelemetrySettings telemetry(PolicyDocument.Telemetry section) {
    TelemetrySettings defaults = TelemetrySettings.defaults();
    if (section == null) {
      return defaults;
    }
    return new TelemetrySettings(
        section.requestSpans == null ? defaults.requestSpans() : section.requestSpans,
        section.users == null ? defaults.users() : section.users);
  }

  private static ObjectMapper newMapper() {
    ObjectMapper mapper =
        YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(MapperFeature.AUTO_DETECT_GETTERS, MapperFeature.AUTO_DETECT_IS_GETTERS, MapperFeature.AUTO_DETECT_SETTERS)
            .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
            .addModule(PolicyValueDeserializers.module())
            .build();
    // an empty value ("mode:") is a mistake worth naming, not a silent default
    mapper.setDefaultSetterInfo(JsonSetter.Value.construct(Nulls.FAIL, Nulls.FAIL));
    return mapper;
  }
}
