package dev.vigil.agent.detect.route;

/**
 * An object named in the query string rather than the path ({@code /item?id=42}, {@code
 * /report.do?sku=AB-12345}): the first parameter whose value is id-like as a path segment would be
 * ({@link RouteTemplate}), at most 64 plain characters (an encoded value is text someone typed, a
 * search, not an id). Cache busters are no objects: a page polling {@code /status?_=1733050000000}
 * every few seconds names a new "object" each time, so parameters named like one ({@code _}, {@code
 * t}, {@code ts}, {@code cb}, …) and values that read as an epoch time in seconds or milliseconds
 * (10 or 13 digits starting with 1) are passed over. One pass over the query, no allocation.
 */
public final class QueryIds {
  private static final int MAX_VALUE = 64;
  private static final String[] CACHE_BUSTERS = {
    "_", "t", "ts", "time", "timestamp", "cb", "cachebust", "cachebuster", "nocache", "rnd", "rand", "random", "nonce", "v", "ver", "version"
  };

  private QueryIds() {}

  /**
   * The object the query names: the sum of the seeded hashes of every id-like {@code name=value}
   * pair, so the order of the parameters, a constant decoy beside the id and a cache buster before it
   * change nothing; 0 when there is none.
   */
  public static long hash(String query, dev.vigil.agent.detect.sketch.SeededHash hash) {
    if (query == null) {
      return 0;
    }
    long sum = 0;
    int length = query.length();
    int i = 0;
    while (i < length) {
      int amp = pairEnd(query, i);
      int equals = equalsIn(query, i, amp);
      if (isId(query, i, equals, amp)) {
        sum += hash.of(query, i, amp);
      }
      i = amp + 1;
    }
    return sum;
  }

  private static int pairEnd(String query, int start) {
    int amp = start;
    while (amp < query.length() && query.charAt(amp) != '&') {
      amp++;
    }
    return amp;
  }

  private static int equalsIn(String query, int start, int end) {
    for (int i = start; i < end; i++) {
      if (query.charAt(i) == '=') {
        return i;
      }
    }
    return -1;
  }

  private static boolean isId(String query, int name, int equals, int end) {
    int start = equals + 1;
    return equals > name && end > start && end - start <= MAX_VALUE && plain(query, start, end) && !cacheBuster(query, name, equals, end)
        && RouteTemplate.isIdLike(query, start, end);
  }

  /** Where the first id-like value ends in {@code query} (exclusive), or -1 when there is none. */
  public static int end(String query) {
    if (query == null) {
      return -1;
    }
    int length = query.length();
    int i = 0;
    while (i < length) {
      int amp = pairEnd(query, i);
      if (isId(query, i, equalsIn(query, i, amp), amp)) {
        return amp;
      }
      i = amp + 1;
    }
    return -1;
  }

  private static boolean cacheBuster(String query, int name, int equals, int end) {
    for (String buster : CACHE_BUSTERS) {
      if (buster.length() == equals - name && query.regionMatches(true, name, buster, 0, buster.length())) {
        return true;
      }
    }
    int digits = end - equals - 1;
    if ((digits != 10 && digits != 13) || query.charAt(equals + 1) != '1') {
      return false;
    }
    for (int i = equals + 1; i < end; i++) {
      if (query.charAt(i) < '0' || query.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static boolean plain(String query, int start, int end) {
    for (int i = start; i < end; i++) {
      char c = query.charAt(i);
      if (c == '%' || c == '+' || c == '=') {
        return false;
      }
    }
    return true;
  }
}
