package dev.vigil.agent.caller;

/**
 * The session cookie in a {@code Cookie} header: the first cookie whose name the common servers and
 * frameworks give their session ({@code JSESSIONID}, Spring Session's {@code SESSION}, {@code
 * PHPSESSID}, Express's {@code connect.sid}, {@code ASP.NET_SessionId}, Rails' {@code _session_id})
 * or that ends in {@code session}, {@code sessionid} or {@code _sess}, case-insensitively
 * ({@link CookieHeader}), its value whole: sessions whose long tokens share a prefix must stay apart.
 * The raw value is only ever hashed.
 */
public final class SessionCookie {
  private static final String[] NAMES = {"jsessionid", "phpsessid", "connect.sid", "sid"};
  private static final String[] SUFFIXES = {"session", "sessionid", "_sess", "session_id", "sessid"};
  private SessionCookie() {}

  private static final CookieHeader.Name SESSION_NAMES =
      new CookieHeader.Name() {
        @Override
        public boolean matches(String header, int start, int end) {
          return isSessionName(header, start, end);
        }
      };

  /** The session cookie's value, or null when the header has none (or it is empty). */
  public static String value(String cookieHeader) {
    return CookieHeader.value(cookieHeader, SESSION_NAMES);
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
