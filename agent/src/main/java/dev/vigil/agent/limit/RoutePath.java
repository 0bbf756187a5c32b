package dev.vigil.agent.limit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Request paths as route patterns see them. Servers route {@code /login/}, {@code //login},
 * {@code /login;jsessionid=x}, {@code /a/../login} and {@code /%6cogin} to the same handler, so
 * rules must see them as {@code /login} too, or a rule is bypassed by spelling the path differently.
 * Clean paths, the usual case, are returned as they are without allocating.
 */
public final class RoutePath {
  /**
   * The longest path Vigil reads. Tomcat and Jetty refuse longer request lines by default, so no
   * real user sends one: a longer path is not normalised, matches every rule whose methods match
   * (cutting it instead would let padding push a suffix such as {@code /delete} out of sight) and
   * no login route, and the audit trail and telemetry keep only its first characters.
   */
  public static final int MAX_PATH_LENGTH = 8192;

  private RoutePath() {}

  /** A path over {@link #MAX_PATH_LENGTH} is returned as it is (see {@link #isOverlong}). */
  public static String normalise(String path) {
    if (path == null || path.isEmpty()) {
      return "/";
    }
    if (isOverlong(path)) {
      return path;
    }
    return isClean(path) ? path : rebuild(path);
  }

  public static boolean isOverlong(String path) {
    return path != null && path.length() > MAX_PATH_LENGTH;
  }

  /** What the audit trail and telemetry keep of a path: its first {@link #MAX_PATH_LENGTH} characters. */
  public static String kept(String path) {
    return isOverlong(path) ? path.substring(0, MAX_PATH_LENGTH) : path;
  }

  private static boolean isClean(String path) {
    int length = path.length();
    if (path.charAt(0) != '/' || (length > 1 && path.charAt(length - 1) == '/')) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = path.charAt(i);
      if (c == '%' || c == ';' || c == '\\' || c == '?' || c == '#') {
        return false;
      }
      if (c == '/' && i + 1 < length) {
        char n = path.charAt(i + 1);
        if (n == '/' || (n == '.' && (i + 2 == length || path.charAt(i + 2) == '/' || path.charAt(i + 2) == '.'))) {
          return false;
        }
      }
    }
    return true;
  }

  private static String rebuild(String raw) {
    String path = raw;
    int cut = indexOfAny(path, '?', '#');
    if (cut >= 0) {
      path = path.substring(0, cut);
    }
    String[] segments = path.replace('\\', '/').split("/");
    String[] kept = new String[segments.length];
    int count = 0;
    for (String segment : segments) {
      int semicolon = segment.indexOf(';');
      String name = decode(semicolon >= 0 ? segment.substring(0, semicolon) : segment);
      if (name.isEmpty() || name.equals(".")) {
        continue;
      }
      if (name.equals("..")) {
        count = Math.max(0, count - 1);
        continue;
      }
      kept[count++] = name;
    }
    StringBuilder out = new StringBuilder(path.length() + 1);
    for (int i = 0; i < count; i++) {
      out.append('/').append(kept[i]);
    }
    return out.length() == 0 ? "/" : out.toString();
  }

  private static int indexOfAny(String text, char a, char b) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == a || text.charAt(i) == b) {
        return i;
      }
    }
    return -1;
  }

  /** Percent-decoding; malformed escapes are kept as written. */
  private static String decode(String segment) {
    if (segment.indexOf('%') < 0) {
      return segment;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      int hi = i + 2 < segment.length() ? Character.digit(segment.charAt(i + 1), 16) : -1;
      int lo = hi >= 0 ? Character.digit(segment.charAt(i + 2), 16) : -1;
      if (c == '%' && hi >= 0 && lo >= 0) {
        bytes.write(hi * 16 + lo);
        i += 2;
      } else {
        byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(encoded, 0, encoded.length);
      }
    }
    String decoded = new String(bytes.toByteArray(), StandardCharsets.UTF_8);
    // a decoded '/' must not create a new segment boundary; servers reject or keep it encoded
    return decoded.replace('/', '\u2215');
  }
}
