package dev.vigil.agent.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads {@code rules}, keeping where each rule starts so that whole-rule problems (a missing
 * field, a duplicate name) are reported at the rule's own line.
 */
final class RulesDeserializer extends StdDeserializer<RulesDeserializer.Rules> {
  private static final long serialVersionUID = 1L;
  /** The shape of one list entry: its fields are the YAML fields of a rule. */
  static final Class<PolicyDocument.RuleEntry> ENTRY = PolicyDocument.RuleEntry.class;

  RulesDeserializer() {
    super(Rules.class);
  }

  /** The rules in order, with the location of each. */
  static final class Rules {
    final List<Rule> rules = new ArrayList<>();
    final List<JsonLocation> starts = new ArrayList<>();
  }

  @Override
  public Rules deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw PolicyErrors.problem(p, "expected a list of rules, got " + PolicyErrors.describeToken(p));
    }
    Rules result = new Rules();
    Set<String> names = new HashSet<>();
    for (int index = 0; p.nextToken() != JsonToken.END_ARRAY; index++) {
      JsonLocation start = p.currentTokenLocation();
      try {
        if (p.currentToken() != JsonToken.START_OBJECT) {
          throw PolicyErrors.problem(p, "expected a rule (name, rate, ...), got " + PolicyErrors.describeToken(p));
        }
        PolicyDocument.RuleEntry entry = ctxt.readValue(p, ENTRY);
        Rule rule = toRule(entry, start, p);
        if (!names.add(rule.name())) {
          throw PolicyErrors.problemAt(p, start, "name", "duplicate rule name '" + rule.name() + "'");
        }
        result.rules.add(rule);
        result.starts.add(start);
      } catch (JsonMappingException e) {
        throw JsonMappingException.wrapWithPath(e, result, index);
      }
    }
    return result;
  }

  private static Rule toRule(PolicyDocument.RuleEntry entry, JsonLocation start, JsonParser p) throws JsonMappingException {
    if (entry.name == null) {
      throw PolicyErrors.problemAt(p, start, "name", "missing required field 'name'");
    }
    if (entry.rate == null) {
      throw PolicyErrors.problemAt(p, start, "rate", "missing required field 'rate' (e.g. rate: 20/s)");
    }
    if (entry.routes != null && entry.routes.isEmpty()) {
      throw PolicyErrors.problemAt(p, start, "routes", "must not be empty; leave it out to match every route");
    }
    if (entry.methods != null && entry.methods.isEmpty()) {
      throw PolicyErrors.problemAt(p, start, "methods", "must not be empty; leave it out to match every method");
    }
    return new Rule(
        entry.name,
        entry.routes == null ? List.of() : entry.routes,
        entry.methods == null ? List.of() : entry.methods,
        entry.key == null ? KeyType.IP : entry.key,
        entry.rate,
        entry.burst == null ? entry.rate.defaultBurst() : entry.burst,
        entry.mode,
        entry.staticAssets == null ? StaticAssets.INCLUDE : entry.staticAssets);
  }
}
