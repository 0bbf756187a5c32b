package dev.vigil.agent.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Turns Jackson's exceptions into one-line policy errors: file, line, column, field path, problem. */
final class PolicyErrors {
  private static final int MAX_LISTED_FIELDS = 12;

  private PolicyErrors() {}

  /** A problem whose message is already the final, user-facing text. */
  static final class Problem extends JsonMappingException {
    private static final long serialVersionUID = 1L;

    Problem(JsonParser p, String message, JsonLocation location) {
      super(p, message, location);
    }
  }

  static Problem problem(JsonParser p, String message) {
    return new Problem(p, message, p.currentTokenLocation());
  }

  /** A problem with a field of the object that starts at {@code start}. */
  static Problem problemAt(JsonParser p, JsonLocation start, String field, String message) {
    Problem problem = new Problem(p, message, start);
    problem.prependPath(new JsonMappingException.Reference(null, field));
    return problem;
  }

  static String describeToken(JsonParser p) {
    JsonToken token = p.currentToken();
    if (token == JsonToken.START_ARRAY) {
      return "a list";
    }
    if (token == JsonToken.START_OBJECT) {
      return "a mapping";
    }
    if (token == null || token == JsonToken.VALUE_NULL) {
      return "nothing";
    }
    try {
      return "'" + p.getText() + "'";
    } catch (Exception e) {
      return "something else";
    }
  }

  static InvalidPolicyException translate(Path file, JacksonException e) {
    String path = e instanceof JsonMappingException ? fieldPath(((JsonMappingException) e).getPath()) : "";
    JacksonException source = e;
    if (e.getCause() instanceof JacksonException && !(e instanceof Problem) && e.getClass() == JsonMappingException.class) {
      source = (JacksonException) e.getCause(); // Jackson wrapped a lower-level error to add the path
    }
    JsonLocation location = source.getLocation() != null ? source.getLocation() : e.getLocation();
    int[] yamlPosition = SyntaxErrors.problemPosition(source);
    int line = yamlPosition != null ? yamlPosition[0] : location == null ? 0 : location.getLineNr();
    int column = yamlPosition != null ? yamlPosition[1] : location == null ? 0 : location.getColumnNr();
    return InvalidPolicyException.at(file, Math.max(line, 0), Math.max(column, 0), path, problemText(source), e);
  }

  private static String problemText(JacksonException e) {
    if (e instanceof Problem) {
      return e.getOriginalMessage();
    }
    if (e instanceof UnrecognizedPropertyException) {
      Collection<Object> known = ((UnrecognizedPropertyException) e).getKnownPropertyIds();
      String expected =
          known == null || known.isEmpty() || known.size() > MAX_LISTED_FIELDS
              ? ""
              : "; expected one of: " + known.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
      return "unknown field '" + ((UnrecognizedPropertyException) e).getPropertyName() + "'" + expected;
    }
    if (e instanceof InvalidNullException) {
      return "missing value";
    }
    if (e instanceof MismatchedInputException) {
      Class<?> target = ((MismatchedInputException) e).getTargetType();
      String got = e.getProcessor() instanceof JsonParser ? describeToken((JsonParser) e.getProcessor()) : "something else";
      String message = String.valueOf(e.getOriginalMessage());
      if (message.contains("from boolean value (")) {
        // the parser has moved on by now; YAML 1.1 reads on/off/yes/no as booleans, which is what surprises
        got = "a boolean (YAML reads on, off, yes and no as true and false: quote the word, e.g. 'off')";
      }
      return "expected " + expectedShape(target) + ", got " + got;
    }
    return SyntaxErrors.describe(e);
  }

  private static String expectedShape(Class<?> target) {
    if (target == null) {
      return "a different type";
    }
    if (Collection.class.isAssignableFrom(target) || target.isArray()) {
      return "a list";
    }
    if (target == Integer.class || target == Long.class || target == int.class || target == long.class) {
      return "a whole number";
    }
    if (target == String.class || Number.class.isAssignableFrom(target) || target.isEnum()) {
      return "a single value";
    }
    if (Map.class.isAssignableFrom(target) || target.getName().startsWith(PolicyDocument.class.getName())) {
      return "a mapping (key: value)";
    }
    return "a single value";
  }

  static String fieldPath(List<JsonMappingException.Reference> references) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference reference : references == null ? Collections.<JsonMappingException.Reference>emptyList() : references) {
      if (reference.getFieldName() != null) {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.toString();
  }
}
