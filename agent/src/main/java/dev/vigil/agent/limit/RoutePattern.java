package dev.vigil.agent.limit;

/**
 * A route glob: {@code /login} (exact), {@code /users/*} ({@code *} matches within one segment),
 * {@code /api/**} ({@code **} matches any number of segments, including none). Matched against
 * {@link RoutePath#normalise normalised} paths without regex or allocation.
 *
 * <p>The attacker writes the path, so matching must stay linear in its length whatever the
 * pattern: the path is read once, segment by segment, while a bit set holds every pattern position
 * the segments so far can have reached (an NFA over segments). A {@code **} never makes the
 * matcher go back over the path. Each path segment is compared with each pattern segment at most
 * once, and one such comparison ({@link #glob}) costs at most the segment's length times the
 * pattern segment's length, so a match costs O(path length x pattern length).
 */
public final class RoutePattern {
  private static final String ANY_SEGMENTS = "**";
  /** Positions 0..segments are bits of one long, so a pattern has at most 63 segments. */
  public static final int MAX_SEGMENTS = 63;

  private final String text;
  private final String exact;
  private final String prefix;
  private final String[] segments;
  /** Bit i set: segment i is {@code **}. */
  private final long anySegments;

  /** @throws IllegalArgumentException for a pattern of more than {@link #MAX_SEGMENTS} segments (see {@link #segmentCount}) */
  public RoutePattern(String pattern) {
    String clean = RoutePath.normalise(pattern);
    this.text = pattern;
    this.segments = segmentsOf(clean);
    if (segments.length > MAX_SEGMENTS) {
      throw new IllegalArgumentException("a route pattern has at most " + MAX_SEGMENTS + " segments, got " + segments.length);
    }
    long any = 0;
    for (int i = 0; i < segments.length; i++) {
      any |= segments[i].equals(ANY_SEGMENTS) ? 1L << i : 0;
    }
    this.anySegments = any;
    boolean wildcard = clean.indexOf('*') >= 0;
    this.exact = wildcard ? null : clean;
    this.prefix = prefixBeforeTrailingAny(clean);
  }

  /** For the policy to check a pattern before building it. */
  public static int segmentCount(String pattern) {
    return segmentsOf(RoutePath.normalise(pattern)).length;
  }

  private static String[] segmentsOf(String clean) {
    return clean.equals("/") ? new String[0] : clean.substring(1).split("/");
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
    return simulate(path);
  }

  private boolean simulate(String path) {
    long reached = closeOverAny(1L);
    int from = path.length() > 1 ? 1 : path.length();
    while (from < path.length() && reached != 0) {
      int slash = path.indexOf('/', from);
      int end = slash < 0 ? path.length() : slash;
      reached = closeOverAny(step(reached, path, from, end));
      from = end + 1;
    }
    return (reached & (1L << segments.length)) != 0;
  }

  /** The positions reached by reading the path segment [from, to) from the positions in {@code reached}. */
  private long step(long reached, String path, int from, int to) {
    long next = 0;
    for (int i = 0; i < segments.length; i++) {
      long bit = 1L << i;
      if ((reached & bit) == 0) {
        continue;
      }
      if ((anySegments & bit) != 0) {
        next |= bit;
      } else if (glob(segments[i], path, from, to)) {
        next |= bit << 1;
      }
    }
    return next;
  }

  /** A {@code **} may match no segment: whoever reaches it also reaches the position after it. */
  private long closeOverAny(long reached) {
    long closed = reached;
    for (int i = 0; i < segments.length; i++) {
      if ((closed & (1L << i) & anySegments) != 0) {
        closed |= 1L << (i + 1);
      }
    }
    return closed;
  }

  /**
   * Wildcard match of one segment, {@code *} = any run of characters. Single-star backtracking:
   * only the last star is retried, each retry moves its start one character on, so at most
   * (to - from) retries of at most pattern-length steps each.
   */
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
