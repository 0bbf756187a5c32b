package dev.vigil.agent.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Policy documents made from the schema itself, so that they follow it as it grows: every field set,
 * every stated default, and the smallest document that reaches each object (to put an unknown field
 * there). A path is a list of steps, a property name or {@code []} for a list's items.
 */
final class SchemaDocuments {
  static final String UNKNOWN_FIELD = "colour";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final PolicySchema schema;

  SchemaDocuments(PolicySchema schema) {
    this.schema = schema;
  }

  /** Every property at every level, lists of mappings with one entry; each value its first example, else its default or first allowed value. */
  JsonNode everything() {
    return everything(schema.root(), "");
  }

  private JsonNode everything(JsonNode node, String path) {
    JsonNode resolved = schema.resolve(node);
    if (resolved.has("properties")) {
      ObjectNode object = NODES.objectNode();
      resolved.get("properties").fields().forEachRemaining(p -> object.set(p.getKey(), everything(p.getValue(), path + "." + p.getKey())));
      return object;
    }
    if (resolved.has("items") && schema.describesObject(resolved.get("items"))) {
      return NODES.arrayNode().add(everything(resolved.get("items"), path + "[]"));
    }
    // an example over a default: the defaults have a test of their own, and [] shows no list's items
    for (String keyword : List.of("examples", "default", "enum")) {
      if (resolved.has(keyword)) {
        return keyword.equals("default") ? resolved.get(keyword) : resolved.get(keyword).get(0);
      }
    }
    throw new AssertionError(path + " has no default, examples or enum to take a value from");
  }

  /** Every default the schema states, nested as in the file; an object whose fields state none is left out. */
  JsonNode defaults() {
    JsonNode defaults = defaults(schema.root());
    return defaults == null ? NODES.objectNode() : defaults;
  }

  private JsonNode defaults(JsonNode node) {
    JsonNode resolved = schema.resolve(node);
    if (resolved.has("default")) {
      return resolved.get("default");
    }
    if (!resolved.has("properties")) {
      return null;
    }
    ObjectNode object = NODES.objectNode();
    resolved.get("properties").fields().forEachRemaining(p -> {
      JsonNode value = defaults(p.getValue());
      if (value != null) {
        object.set(p.getKey(), value);
      }
    });
    return object.size() == 0 ? null : object;
  }

  /** The path of every object the schema describes, the top level ({@code []}) first. */
  List<List<String>> objectPaths() {
    List<List<String>> paths = new ArrayList<>();
    collectObjectPaths(schema.root(), List.of(), paths);
    return paths;
  }

  private void collectObjectPaths(JsonNode node, List<String> path, List<List<String>> paths) {
    JsonNode resolved = schema.resolve(node);
    if (resolved.has("items")) {
      collectObjectPaths(resolved.get("items"), append(path, "[]"), paths);
    }
    if (!resolved.has("properties")) {
      return;
    }
    paths.add(path);
    resolved.get("properties").fields().forEachRemaining(p -> collectObjectPaths(p.getValue(), append(path, p.getKey()), paths));
  }

  /** The smallest document whose object at {@code path} exists (its required fields set), with an unknown field there when asked. */
  JsonNode reaching(List<String> path, boolean withUnknownField) {
    return reaching(schema.root(), path, withUnknownField);
  }

  private JsonNode reaching(JsonNode node, List<String> path, boolean withUnknownField) {
    JsonNode resolved = schema.resolve(node);
    List<String> rest = path.isEmpty() ? path : path.subList(1, path.size());
    if (!path.isEmpty() && path.get(0).equals("[]")) {
      ArrayNode list = NODES.arrayNode();
      return list.add(reaching(resolved.get("items"), rest, withUnknownField));
    }
    ObjectNode object = NODES.objectNode();
    for (JsonNode required : resolved.path("required")) {
      object.set(required.asText(), everything(resolved.get("properties").get(required.asText()), required.asText()));
    }
    if (!path.isEmpty()) {
      object.set(path.get(0), reaching(resolved.get("properties").get(path.get(0)), rest, withUnknownField));
    } else if (withUnknownField) {
      object.put(UNKNOWN_FIELD, 1);
    }
    return object;
  }

  /** {@code login.routes[]}; the top level is {@code (top level)}. */
  static String display(List<String> path) {
    StringBuilder text = new StringBuilder();
    for (String step : path) {
      text.append(step.equals("[]") || text.length() == 0 ? "" : ".").append(step);
    }
    return text.length() == 0 ? "(top level)" : text.toString();
  }

  private static List<String> append(List<String> path, String step) {
    List<String> longer = new ArrayList<>(path);
    longer.add(step);
    return List.copyOf(longer);
  }
}
