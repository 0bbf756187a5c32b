package dev.vigil.agent.config;

import com.fasterxml.jackson.core.JacksonException;

/** One-line text for YAML syntax errors, whose messages from SnakeYAML span several lines. */
final class SyntaxErrors {
  private SyntaxErrors() {}

  /**
   * SnakeYAML's own position of the problem (1-based line and column), which is more precise than
   * the parser's last token; null when there is none.
   */
  static int[] problemPosition(JacksonException e) {
    Throwable cause = e.getCause();
    if (cause instanceof org.yaml.snakeyaml.error.MarkedYAMLException) {
      org.yaml.snakeyaml.error.Mark mark = ((org.yaml.snakeyaml.error.MarkedYAMLException) cause).getProblemMark();
      if (mark != null) {
        return new int[] {mark.getLine() + 1, mark.getColumn() + 1};
      }
    }
    return null;
  }

  static String describe(JacksonException e) {
    Throwable cause = e.getCause();
    if (cause instanceof org.yaml.snakeyaml.error.MarkedYAMLException) {
      org.yaml.snakeyaml.error.MarkedYAMLException yaml = (org.yaml.snakeyaml.error.MarkedYAMLException) cause;
      String context = yaml.getContext();
      String problem = yaml.getProblem();
      if (problem != null) {
        // the mistake behind this one is nearly always an unquoted IPv6 network in a [...] list
        String hint = context != null && context.contains("flow") && problem.contains("found ':'")
            ? " (an IPv6 address inside [...] needs quotes, e.g. [\"::1/128\"])" : "";
        return "YAML syntax error: " + (context == null ? "" : context + ", ") + problem + hint;
      }
    }
    String message = e.getOriginalMessage();
    if (message == null || message.isEmpty()) {
      return e.getClass().getSimpleName();
    }
    String firstLine = message.split("\\R", 2)[0];
    return Character.toLowerCase(firstLine.charAt(0)) + firstLine.substring(1);
  }
}
