package dev.vigil.agent.config;

import java.nio.file.Path;

/**
 * A policy that cannot be used. The message is one line naming the file, line and column, the
 * field path and what is wrong, e.g. {@code invalid policy /etc/vigil.yaml line 7 column 11:
 * rules[0].rate: must be positive, got '-5/s'}.
 */
public final class InvalidPolicyException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int line;
  private final String field;
  private final String problem;

  private InvalidPolicyException(String message, int line, String field, String problem, Throwable cause) {
    super(message, cause);
    this.line = line;
    this.field = field;
    this.problem = problem;
  }

  /** A problem at a known place in a file; line and column are 1-based, or 0 when unknown. */
  static InvalidPolicyException at(Path file, int line, int column, String field, String problem, Throwable cause) {
    StringBuilder message = new StringBuilder("invalid policy ").append(file);
    if (line > 0) {
      message.append(" line ").append(line);
      if (column > 0) {
        message.append(" column ").append(column);
      }
    }
    message.append(": ");
    if (field != null && !field.isEmpty()) {
      message.append(field).append(": ");
    }
    message.append(oneLine(problem));
    return new InvalidPolicyException(message.toString(), line, field, problem, cause);
  }

  /** A policy that loaded but could not be put to work: a value no check caught broke the engine. */
  public static InvalidPolicyException unusable(String source, RuntimeException cause) {
    String message = "invalid policy " + source + ": cannot be applied: " + oneLine(String.valueOf(cause));
    return new InvalidPolicyException(message, 0, "", String.valueOf(cause), cause);
  }

  /** A bad system-property override such as {@code -Dvigil.mode=loud}. */
  static InvalidPolicyException forSetting(String property, String value, String problem) {
    String message = "invalid policy setting -D" + property + "=" + oneLine(value) + ": " + oneLine(problem);
    return new InvalidPolicyException(message, 0, property, problem, null);
  }

  /** 1-based line of the problem, or 0 when it is not in a file. */
  public int line() {
    return line;
  }

  /** The field path, e.g. {@code rules[0].rate}; empty for syntax errors. */
  public String field() {
    return field;
  }

  public String problem() {
    return problem;
  }

  private static String oneLine(String text) {
    return text == null ? "" : text.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
  }
}
