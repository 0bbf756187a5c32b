package dev.vigil.agent.caller;

/**
 * The session cookie in a {@code Cookie} header: the first cookie whose name the common servers and
 * frameworks give their session ({@code JSESSIONID}, Spring Session's {@code SESSION}, {@code
 * PHPSESSID}, Express's {@code connect.sid}, {@code ASP.NET_SessionId}, Rails' {@code _session_id})
 * or that ends in {@code session}, {@code sessionid} or {@code _sess}, case-insensitively. One pass
 * over the header, allocating only the value found, whole: sessions whose long tokens share a
 * prefix must stay apart (the server bounds the header's size). The raw value is only ever hashed.
 */
public final class SessionCookie {
  private static final String[] NAMES = {"jsessionid", "phpsessid", "connect.sid", "sid"};
  private static final String[] SUFFIXES = {"session", "sessionid", "_sess", "session_id", "sessid"};
  private SessionCookie() {}

  /** The session cookie's value, or null when the header has none (or it is empty). */
  public static String value(String cookieHeader) {
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
      if (valueEnd > valueStart && isSessionName(cookieHeader, nameStart, trimEnd(cookieHeader, nameStart, nameEnd))) {
        return cookieHeader.substring(valueStart, valueEnd);
      }
    }
    return null;
  }

  private static int trimEnd(String header, int start, int end) {
    while (end > start && header.charAt(end - 1) == ' ') {
      end--;
    }
    return end;
  }

  static boolean isSessionName(String header, int start, int end) {
    int length = end - start;
    for (String name : NAMES) {
      if (name.length() == length && header.regionMatches(true, start, name, 0, length)) {
        return true;
      }
    }
    for (String suffix : SUFFIXES) {
      if (suffix.length() <= length && header.regionMatches(true, end - suffix.length(), suffix, 0, suffix.length())) {
        return true;
      }
    }
    return false;
  }
}
