package dev.vigil.agent.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Collectors;

/** The policy's JSON Schema as the tests read it: its tree, with {@code $ref}s followed, and a validator. */
final class PolicySchema {
  /** Beside the config classes, so it ships in the agent jar under their package. */
  static final String RESOURCE = "vigil.schema.json";

  // YAML 1.2, as the editors read the file: only true and false are booleans (off is the detectors' word)
  private static final YAMLMapper YAML = YAMLMapper.builder().enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS).build();

  private final JsonNode root;
  private final Schema validator;

  private PolicySchema(JsonNode root) {
    this.root = root;
    this.validator = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(root);
  }

  static PolicySchema load() {
    try (InputStream in = PolicySchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the class path beside " + PolicySchema.class.getName());
      }
      return new PolicySchema(new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  JsonNode root() {
    return root;
  }

  /**
   * The node with its {@code $ref} followed. The referring node's own keywords win: the schema puts
   * only annotations (description, default, examples) beside a {@code $ref}, as both editors read them.
   */
  JsonNode resolve(JsonNode node) {
    JsonNode ref = node.get("$ref");
    if (ref == null) {
      return node;
    }
    if (!ref.asText().startsWith("#/")) {
      throw new IllegalStateException("only local references are expected, got " + ref);
    }
    ObjectNode merged = resolve(root.at(ref.asText().substring(1))).deepCopy();
    node.fields().forEachRemaining(field -> {
      if (!field.getKey().equals("$ref")) {
        merged.set(field.getKey(), field.getValue());
      }
    });
    return merged;
  }

  /** The schema of the value at {@code path} (see {@link SchemaDocuments}), resolved. */
  JsonNode at(List<String> path) {
    JsonNode node = resolve(root);
    for (String step : path) {
      node = resolve(step.equals("[]") ? node.get("items") : node.get("properties").get(step));
    }
    return node;
  }

  /** An object's schema, directly or behind its {@code $ref}: one with properties. */
  boolean describesObject(JsonNode node) {
    return resolve(node).has("properties");
  }

  /** The schema's complaints about a YAML document, empty when it conforms. */
  List<String> violations(String yaml) {
    JsonNode document;
    try {
      document = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not YAML: " + yaml, e);
    }
    return validator.validate(document).stream().map(Error::toString).collect(Collectors.toList());
  }

  static String toYaml(JsonNode document) {
    try {
      return YAML.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
