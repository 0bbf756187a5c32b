package dev.vigil.agent.caller;

/**
 * One pass over a {@code Cookie} header, allocating only the value found: the first cookie whose
 * name {@link Name} accepts. Linear in the header (which the server bounds).
 */
public final class CookieHeader {
  /** Which cookie names are wanted: {@code header.substring(start, end)} is a name, never allocated. */
  public interface Name {
    boolean matches(String header, int start, int end);
  }

  private CookieHeader() {}

  /** The value of the first cookie {@code name} accepts, or null when there is none (or it is empty). */
  public static String value(String cookieHeader, Name name) {
    if (cookieHeader == null) {
      return null;
    }
    int length = cookieHeader.length();
    int i = 0;
    while (i < length) {
      while (i < length && (cookieHeader.charAt(i) == ' ' || cookieHeader.charAt(i) == ';' || cookieHeader.charAt(i) == ',')) {
        i++;
      }
      int nameStart = i;
      while (i < length && cookieHeader.charAt(i) != '=' && cookieHeader.charAt(i) != ';') {
        i++;
      }
      int nameEnd = i;
      if (i >= length || cookieHeader.charAt(i) != '=') {
        continue;
      }
      int valueStart = ++i;
      while (valueStart < length && cookieHeader.charAt(valueStart) == ' ') {
        valueStart++;
      }
      while (i < length && cookieHeader.charAt(i) != ';') {
        i++;
      }
      int valueEnd = i;
      while (valueEnd > valueStart && cookieHeader.charAt(valueEnd - 1) == ' ') {
        valueEnd--;
      }
      if (valueEnd > valueStart && name.matches(cookieHeader, nameStart, trimEnd(cookieHeader, nameStart, nameEnd))) {
        return cookieHeader.substring(valueStart, valueEnd);
      }
    }
    return null;
  }

  /** A name matched exactly (cookie names are case-sensitive). */
  public static Name named(String wanted) {
    return new Name() {
      @Override
      public boolean matches(String header, int start, int end) {
        return end - start == wanted.length() && header.startsWith(wanted, start);
      }
    };
  }

  private static int trimEnd(String header, int start, int end) {
    while (end > start && header.charAt(end - 1) == ' ') {
      end--;
    }
    return end;
  }
}
