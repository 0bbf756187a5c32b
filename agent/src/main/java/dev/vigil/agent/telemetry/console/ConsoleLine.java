package dev.vigil.agent.telemetry.console;

import dev.vigil.bootstrap.PlainText;
import io.opentelemetry.api.common.Attributes;
import java.io.PrintStream;

/**
 * One exported item as one line on stderr, beside Vigil's other lines. Attribute values and bodies
 * carry request data (usernames, paths, user agents), so the whole line is escaped: a CR/LF in a
 * username must not print a line of its own such as a forged {@code [vigil] ERROR}.
 */
final class ConsoleLine {
  static final String PREFIX = "[vigil otel] ";

  private ConsoleLine() {}

  static void print(String line) {
    PrintStream out = System.err;
    out.println(PREFIX + PlainText.escape(line));
  }

  static String attributes(Attributes attributes) {
    StringBuilder text = new StringBuilder("{");
    attributes.forEach((key, value) -> text.append(text.length() == 1 ? "" : ", ").append(key.getKey()).append('=').append(value));
    return text.append('}').toString();
  }
}
