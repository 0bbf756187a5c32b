package dev.vigil.agent.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import dev.vigil.agent.login.methods.LoginMethodSpec;
import dev.vigil.agent.login.methods.SuccessRule;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads {@code login.methods}, keeping where each entry starts so that whole-entry problems (a
 * missing field, a duplicate, no failure exception for {@code success: no-exception}) are reported
 * at the entry's own line.
 */
final class LoginMethodsDeserializer extends StdDeserializer<List<LoginMethodSpec>> {
  private static final long serialVersionUID = 1L;
  /** The shape of one list entry: its fields are the YAML fields of a login method. */
  static final Class<PolicyDocument.LoginMethodEntry> ENTRY = PolicyDocument.LoginMethodEntry.class;

  LoginMethodsDeserializer() {
    super(List.class);
  }

  @Override
  public List<LoginMethodSpec> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw PolicyErrors.problem(p, "expected a list of methods (class, method, username, success), got " + PolicyErrors.describeToken(p));
    }
    List<LoginMethodSpec> methods = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int index = 0; p.nextToken() != JsonToken.END_ARRAY; index++) {
      JsonLocation start = p.currentTokenLocation();
      try {
        if (p.currentToken() != JsonToken.START_OBJECT) {
          throw PolicyErrors.problem(p, "expected a method (class, method, username, success), got " + PolicyErrors.describeToken(p));
        }
        LoginMethodSpec spec = toSpec(ctxt.readValue(p, ENTRY), start, p);
        if (!seen.add(spec.displayName())) {
          throw PolicyErrors.problemAt(p, start, "method", spec.displayName() + " is already named above");
        }
        methods.add(spec);
      } catch (JsonMappingException e) {
        throw JsonMappingException.wrapWithPath(e, methods, index);
      }
    }
    return methods;
  }

  private static LoginMethodSpec toSpec(PolicyDocument.LoginMethodEntry entry, JsonLocation start, JsonParser p) throws JsonMappingException {
    if (entry.className == null) {
      throw PolicyErrors.problemAt(p, start, "class", "missing required field 'class' (e.g. class: com.example.AccountService)");
    }
    if (entry.method == null) {
      throw PolicyErrors.problemAt(p, start, "method", "missing required field 'method' (e.g. method: signIn)");
    }
    if (entry.username == null) {
      throw PolicyErrors.problemAt(p, start, "username", "missing required field 'username' (e.g. username: arg0 or arg0.getUsername)");
    }
    if (entry.success == null) {
      throw PolicyErrors.problemAt(p, start, "success", "missing required field 'success' (returns-true, returns-non-null or no-exception)");
    }
    if (entry.failureExceptions != null && entry.failureExceptions.isEmpty()) {
      throw PolicyErrors.problemAt(p, start, "failureExceptions", "must not be empty; leave it out if there are none");
    }
    if (entry.unknownUserExceptions != null && entry.unknownUserExceptions.isEmpty()) {
      throw PolicyErrors.problemAt(p, start, "unknownUserExceptions", "must not be empty; leave it out if there are none");
    }
    try {
      return new LoginMethodSpec(
          entry.className,
          entry.method,
          entry.username,
          entry.success,
          entry.failureExceptions == null ? List.of() : entry.failureExceptions,
          entry.unknownUserExceptions == null ? List.of() : entry.unknownUserExceptions);
    } catch (IllegalArgumentException e) {
      throw PolicyErrors.problemAt(p, start, entry.success == SuccessRule.NO_EXCEPTION ? "failureExceptions" : "success", e.getMessage());
    }
  }
}
