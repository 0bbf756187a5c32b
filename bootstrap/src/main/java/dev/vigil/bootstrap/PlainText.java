package dev.vigil.bootstrap;

/**
 * Text that goes into a line of a log, made safe to print: request data (a username, a path, a
 * header) may hold CR/LF that would start a forged line, or terminal escapes (ESC, the C1 CSI) that
 * would rewrite what an operator sees. Every such character is written visibly instead: CR, LF and
 * TAB as {@code \r}, {@code \n}, {@code \t}, the others as {@code \}{@code uXXXX}. Backslashes stay as
 * they are, so file paths in messages read normally. On the bootstrap class path: {@link AgentLog}
 * needs it, and so do the agent's console exporters and the audit file's JSON.
 */
public final class PlainText {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private PlainText() {}

  /**
   * Characters no log line should carry raw: C0 controls, DEL, C1 controls, the Unicode line and
   * paragraph separators (line breaks to some readers) and the bidirectional overrides (which
   * reorder what is displayed).
   */
  public static boolean isUnsafe(char c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029 || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
  }

  /** The text with every {@link #isUnsafe unsafe} character escaped; the same instance when there is none. */
  public static String escape(String text) {
    if (text == null) {
      return null;
    }
    int first = firstUnsafe(text);
    if (first < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    out.append(text, 0, first);
    for (int i = first; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\r') {
        out.append("\\r");
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c == '\t') {
        out.append("\\t");
      } else if (isUnsafe(c)) {
        appendUnicodeEscape(out, c);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** {@code \}{@code uXXXX}, lower-case hex: the form JSON and Java both read back. */
  public static void appendUnicodeEscape(StringBuilder out, char c) {
    out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xf]).append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
  }

  private static int firstUnsafe(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (isUnsafe(text.charAt(i))) {
        return i;
      }
    }
    return -1;
  }
}
