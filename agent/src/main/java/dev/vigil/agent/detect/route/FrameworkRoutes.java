package dev.vigil.agent.detect.route;

import dev.vigil.bootstrap.RequestContext;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The routes the app's framework says it matched (Spring MVC's best-matching pattern,
 * {@code /products/{slug}}), learned from answered requests, so that a request is grouped and its
 * object found the way the app sees it even where the id is a word ({@code /products/blue-widget}),
 * which {@link RouteTemplate}'s look at the path alone cannot tell from a route. Only patterns with
 * a variable and no wildcard are kept, at most {@link #MAX_PATTERNS} (they come from the app's code,
 * not from callers: a request cannot add one the app does not have). Matching a path is one pass
 * over it per pattern with as many segments, without allocation.
 */
public final class FrameworkRoutes {
  static final int MAX_PATTERNS = 256;
  private static final int MAX_PATTERN_LENGTH = 512;

  /** A pattern's segments: a literal, or null for a variable. */
  private static final class Pattern {
    final String template;
    final String[] literals;
    final int lastVariable;

    Pattern(String template, String[] literals, int lastVariable) {
      this.template = template;
      this.literals = literals;
      this.lastVariable = lastVariable;
    }
  }

  private final Set<String> learned = ConcurrentHashMap.newKeySet();
  /** By number of segments; copied on write (patterns are few and learned once). */
  private volatile Pattern[][] bySegments = new Pattern[RouteTemplate.MAX_SEGMENTS + 1][0];

  /** Whether any pattern is known: until then a request costs nothing here. */
  public boolean isEmpty() {
    return learned.isEmpty();
  }

  /** Learns the pattern the framework matched for an answered request (null: none). */
  public void learn(String pattern) {
    if (pattern == null || learned.contains(pattern) || learned.size() >= MAX_PATTERNS || pattern.length() > MAX_PATTERN_LENGTH) {
      return;
    }
    Pattern parsed = parse(pattern);
    if (parsed == null || !learned.add(pattern)) {
      return;
    }
    synchronized (this) {
      Pattern[][] copy = bySegments.clone();
      int n = parsed.literals.length;
      copy[n] = Arrays.copyOf(copy[n], copy[n].length + 1);
      copy[n][copy[n].length - 1] = parsed;
      bySegments = copy;
    }
  }

  /**
   * Sets the request's route template and object end ({@link RequestContext#routeObjectEnd}) from
   * the first known pattern that matches its normalised {@code path}; leaves them alone otherwise.
   */
  public void apply(RequestContext request, String path) {
    if (path == null || path.isEmpty() || path.charAt(0) != '/') {
      return;
    }
    int segments = 1;
    for (int i = 1; i < path.length(); i++) {
      if (path.charAt(i) == '/') {
        segments++;
      }
    }
    if (segments > RouteTemplate.MAX_SEGMENTS) {
      return;
    }
    for (Pattern pattern : bySegments[segments]) {
      int objectEnd = match(pattern, path);
      if (objectEnd > 0) {
        request.routeTemplate = pattern.template;
        request.routeObjectEnd = objectEnd;
        return;
      }
    }
  }

  /** Where the segment of the pattern's last variable ends in {@code path}, or -1 when it does not match. */
  private static int match(Pattern pattern, String path) {
    int start = 1;
    int objectEnd = -1;
    for (int s = 0; s < pattern.literals.length; s++) {
      int end = path.indexOf('/', start);
      if (end < 0) {
        end = path.length();
      }
      String literal = pattern.literals[s];
      if (literal == null) {
        if (end == start) {
          return -1; // a variable matches a non-empty segment
        }
      } else if (literal.length() != end - start || !path.startsWith(literal, start)) {
        return -1;
      }
      if (s == pattern.lastVariable) {
        objectEnd = end;
      }
      start = end + 1;
    }
    return objectEnd;
  }

  /** {@code /products/{slug}} or {@code /users/{id:\d+}/orders}; null for one without a variable or with a wildcard. */
  private static Pattern parse(String pattern) {
    if (!pattern.startsWith("/") || pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0) {
      return null;
    }
    String[] parts = pattern.substring(1).split("/", -1);
    if (parts.length > RouteTemplate.MAX_SEGMENTS) {
      return null;
    }
    String[] literals = new String[parts.length];
    StringBuilder template = new StringBuilder();
    int lastVariable = -1;
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      template.append('/');
      if (part.startsWith("{") && part.endsWith("}") && part.length() > 2) {
        int colon = part.indexOf(':');
        template.append(colon > 0 ? part.substring(0, colon) + "}" : part);
        lastVariable = i;
      } else if (part.indexOf('{') >= 0 || part.isEmpty()) {
        return null; // a variable inside a segment ({id}.json), or an empty segment: not ours to match
      } else {
        literals[i] = part;
        template.append(part);
      }
    }
    return lastVariable < 0 ? null : new Pattern(template.toString(), literals, lastVariable);
  }
}
