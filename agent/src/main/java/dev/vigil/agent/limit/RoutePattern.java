package dev.vigil.agent.limit;

/**
 * A route glob: {@code /login} (exact), {@code /users/*} ({@code *} matches within one segment),
 * {@code /api/**} ({@code **} matches any number of segments, including none). Matched against
 * {@link RoutePath#normalise normalised} paths by walking indexes: no regex, no allocation.
 */
public final class RoutePattern {
  private static final String ANY_SEGMENTS = "**";

  private final String text;
  private final String exact;
  private final String prefix;
  private final String[] segments;

  public RoutePattern(String pattern) {
    String clean = RoutePath.normalise(pattern);
    this.text = pattern;
    this.segments = clean.equals("/") ? new String[0] : clean.substring(1).split("/");
    boolean wildcard = clean.indexOf('*') >= 0;
    this.exact = wildcard ? null : clean;
    this.prefix = prefixBeforeTrailingAny(clean);
  }

  /** For {@code /a/b/**} with no other wildcard: {@code /a/b} ({@code ""} for {@code /**}); else null. */
  private static String prefixBeforeTrailingAny(String clean) {
    if (!clean.endsWith("/**")) {
      return null;
    }
    String head = clean.substring(0, clean.length() - 3);
    return head.indexOf('*') >= 0 ? null : head;
  }

  public boolean matchesEverything() {
    return "".equals(prefix);
  }

  /** @param path a normalised path (see {@link RoutePath#normalise}) */
  public boolean matches(String path) {
    if (exact != null) {
      return exact.equals(path);
    }
    if (prefix != null) {
      return path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
    }
    return match(0, path, path.length() > 1 ? 1 : -1);
  }

  /** {@code from} is where the next path segment starts, or -1 when none is left. */
  private boolean match(int index, String path, int from) {
    if (index == segments.length) {
      return from < 0;
    }
    String segment = segments[index];
    if (segment.equals(ANY_SEGMENTS)) {
      if (match(index + 1, path, from)) {
        return true;
      }
      return from >= 0 && match(index, path, nextSegment(path, from));
    }
    if (from < 0) {
      return false;
    }
    int end = segmentEnd(path, from);
    return glob(segment, path, from, end) && match(index + 1, path, end < path.length() ? end + 1 : -1);
  }

  private static int segmentEnd(String path, int from) {
    int slash = path.indexOf('/', from);
    return slash < 0 ? path.length() : slash;
  }

  private static int nextSegment(String path, int from) {
    int end = segmentEnd(path, from);
    return end < path.length() ? end + 1 : -1;
  }

  /** Wildcard match of one segment, {@code *} = any run of characters, with single-star backtracking. */
  private static boolean glob(String pattern, String text, int from, int to) {
    int p = 0;
    int t = from;
    int starAt = -1;
    int starText = 0;
    while (t < to) {
      if (p < pattern.length() && pattern.charAt(p) == '*') {
        starAt = p++;
        starText = t;
      } else if (p < pattern.length() && pattern.charAt(p) == text.charAt(t)) {
        p++;
        t++;
      } else if (starAt >= 0) {
        p = starAt + 1;
        t = ++starText;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }

  @Override
  public String toString() {
    return text;
  }
}
