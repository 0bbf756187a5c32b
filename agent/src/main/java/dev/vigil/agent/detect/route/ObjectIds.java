package dev.vigil.agent.detect.route;

import dev.vigil.bootstrap.RequestContext;

/**
 * The object a request path names: the path up to the end of its last id-like segment ({@link
 * RouteTemplate#isIdLike}), so {@code /items/42} and {@code /items/42/reviews} name one object and
 * {@code /users/7/orders/42} another. One backwards pass over the normalised path, no allocation.
 */
public final class ObjectIds {
  /** Not a number: the id has letters, or more digits than a long holds. */
  public static final long NOT_NUMERIC = Long.MIN_VALUE;
  private static final int MAX_DIGITS = 18;

  private ObjectIds() {}

  /**
   * Where the object the request names ends: the framework's route's, else its path's ({@link
   * #end(String)}), found once and kept in the context; -1 when it names none.
   */
  public static int end(RequestContext request, String path) {
    if (request.routeObjectEnd > 0) {
      return request.routeObjectEnd;
    }
    int end = request.pathObjectEnd;
    if (end == 0) {
      end = end(path);
      request.pathObjectEnd = end;
    }
    return end;
  }

  /** Where the object's name ends in {@code path} (exclusive), or -1 when no segment is id-like. */
  public static int end(String path) {
    int end = path.length();
    int segments = 0;
    while (end > 0 && segments < RouteTemplate.MAX_SEGMENTS) {
      int slash = path.lastIndexOf('/', end - 1);
      if (slash < 0) {
        return -1;
      }
      if (RouteTemplate.isIdLike(path, slash + 1, end)) {
        return end;
      }
      end = slash;
      segments++;
    }
    return -1;
  }

  /**
   * The id segment (or query value, {@link QueryIds}) ending at {@code end} as a number (leading zeros
   * ignored), or {@link #NOT_NUMERIC}.
   */
  public static long number(String path, int end) {
    long value = 0;
    int digits = 0;
    int i = end - 1;
    for (; i >= 0 && path.charAt(i) != '/' && path.charAt(i) != '='; i--) {
      char c = path.charAt(i);
      if (c < '0' || c > '9') {
        return NOT_NUMERIC;
      }
      digits++;
    }
    if (digits == 0) {
      return NOT_NUMERIC;
    }
    int first = i + 1;
    while (first < end - 1 && path.charAt(first) == '0') {
      first++;
    }
    if (end - first > MAX_DIGITS) {
      return NOT_NUMERIC;
    }
    for (int j = first; j < end; j++) {
      value = value * 10 + (path.charAt(j) - '0');
    }
    return value;
  }
}
