package dev.vigil.agent.detect.route;

import dev.vigil.agent.limit.RoutePath;
import dev.vigil.bootstrap.RequestContext;

/**
 * The route a request path belongs to, as a template: every id-like segment becomes {@code {id}},
 * so {@code /items/1}, {@code /items/2} and {@code /items/9f8e7d6c} are all {@code /items/{id}}, the
 * unit that behaviour is learned and compared per (and what OpenTelemetry calls {@code http.route}).
 * A pure function of the normalised path, one pass over it, with a bounded result: at most {@link
 * #MAX_SEGMENTS} segments (deeper paths end in {@code /**}), and any segment longer than {@link
 * #MAX_SEGMENT_LENGTH} is an id, so an attacker's padding never becomes part of a template.
 *
 * <p>Id-like: all digits; a UUID; eight or more hex digits with at least one digit; a run of four or
 * more digits inside a segment ({@code order-000123}); sixteen or more letters, digits, {@code -}
 * or {@code _} mixing letters and digits (tokens, base64url keys). Words ({@code api}, {@code v2},
 * {@code deadbeef}, {@code app.js}) stay.
 */
public final class RouteTemplate {
  public static final String ID = "{id}";
  /** The template of a path too long to be read at all ({@link RoutePath#MAX_PATH_LENGTH}). */
  public static final String OVERLONG = "/{overlong}";
  static final int MAX_SEGMENTS = 16;
  static final int MAX_SEGMENT_LENGTH = 64;
  private static final String DEEPER = "/**";

  private RouteTemplate() {}

  /** The request's template, computed once and kept in its context. */
  public static String of(RequestContext request) {
    String template = request.routeTemplate;
    if (template == null) {
      if (request.path == null) {
        template = "/";
      } else if (RoutePath.isOverlong(request.path)) {
        template = OVERLONG;
      } else {
        template = of(request.routePath != null ? request.routePath : RoutePath.normalise(request.path));
      }
      request.routeTemplate = template;
    }
    return template;
  }

  /**
   * @param path normalised ({@link RoutePath#normalise}); a clean path without ids is its own
   *     template (the first request's instance of it, once cached)
   */
  public static String of(String path) {
    if (path == null || path.isEmpty()) {
      return "/";
    }
    if (RoutePath.isOverlong(path)) {
      return OVERLONG;
    }
    // one pass: which segments are ids, and the seeded hash of the template they make
    long ids = 0;
    long hash = CACHE.seed();
    boolean deeper = false;
    int start = 1;
    int pathLength = path.length();
    for (int segment = 0; start <= pathLength; segment++) {
      if (segment == MAX_SEGMENTS) {
        deeper = true;
        hash = hashOf(hash, DEEPER, 0, DEEPER.length());
        break;
      }
      int end = path.indexOf('/', start);
      if (end < 0) {
        end = pathLength;
      }
      long before = TemplateCache.mix(hash, '/');
      // one loop hashes the segment and looks for a digit: only a segment with one (or of a UUID's
      // or an overlong length) can be an id, so most words skip the full test
      boolean digit = false;
      hash = before;
      for (int i = start; i < end; i++) {
        char c = path.charAt(i);
        digit |= c >= '0' && c <= '9';
        hash = TemplateCache.mix(hash, c);
      }
      int length = end - start;
      if ((digit || length == UUID_LENGTH || length > MAX_SEGMENT_LENGTH) && isIdLike(path, start, end)) {
        ids |= 1L << segment;
        hash = hashOf(before, ID, 0, ID.length());
      }
      start = end + 1;
    }
    String cached = CACHE.find(hash);
    if (cached != null) {
      return cached;
    }
    String built = ids == 0 && !deeper ? path : build(path, ids, deeper);
    CACHE.keep(hash, built);
    return built;
  }

  private static final TemplateCache CACHE = new TemplateCache();

  private static long hashOf(long hash, String text, int from, int to) {
    for (int i = from; i < to; i++) {
      hash = TemplateCache.mix(hash, text.charAt(i));
    }
    return hash;
  }

  private static String build(String path, long ids, boolean deeper) {
    StringBuilder template = new StringBuilder(Math.min(path.length(), TemplateCache.MAX_CACHED_LENGTH));
    int start = 1;
    int length = path.length();
    for (int segment = 0; start <= length; segment++) {
      if (segment == MAX_SEGMENTS) {
        return template.append(DEEPER).toString();
      }
      int end = path.indexOf('/', start);
      if (end < 0) {
        end = length;
      }
      template.append('/');
      if ((ids & (1L << segment)) != 0) {
        template.append(ID);
      } else {
        template.append(path, start, end);
      }
      start = end + 1;
    }
    return template.toString();
  }

  static boolean isIdLike(String path, int start, int end) {
    int length = end - start;
    if (length == 0) {
      return false;
    }
    if (length > MAX_SEGMENT_LENGTH) {
      return true;
    }
    int digits = 0;
    int letters = 0;
    int hex = 0;
    int run = 0;
    int longestRun = 0;
    boolean tokenChars = true;
    for (int i = start; i < end; i++) {
      char c = path.charAt(i);
      if (c >= '0' && c <= '9') {
        digits++;
        hex++;
        longestRun = Math.max(longestRun, ++run);
        continue;
      }
      run = 0;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
        letters++;
        if ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) {
          hex++;
        }
      } else if (c != '-' && c != '_') {
        tokenChars = false;
      }
    }
    if (digits == length || longestRun >= 4 || isUuid(path, start, length)) {
      return true;
    }
    if (length >= 8 && hex == length && digits > 0) {
      return true;
    }
    return length >= 16 && tokenChars && digits > 0 && letters > 0;
  }

  private static final int UUID_LENGTH = 36;

  private static boolean isUuid(String path, int start, int length) {
    if (length != UUID_LENGTH) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = path.charAt(start + i);
      boolean hyphen = i == 8 || i == 13 || i == 18 || i == 23;
      if (hyphen ? c != '-' : Character.digit(c, 16) < 0) {
        return false;
      }
    }
    return true;
  }
}
