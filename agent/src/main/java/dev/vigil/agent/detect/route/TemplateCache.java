package dev.vigil.agent.detect.route;

/**
 * The route templates met so far, so that a request whose template is known finds it without
 * building a string: a template is the same for every request of its route, and building it anew
 * cost each request a few hundred bytes and a fresh hash. A fixed array indexed by the template's
 * {@link String#hashCode} (computed from the path as the template would read), each slot checked
 * against the path before it is used, so a collision costs a miss, never a wrong template. Writes
 * race benignly (a slot holds an immutable string or null). Fixed size: a flood of made-up routes
 * only churns it.
 */
final class TemplateCache {
  private static final int SLOTS = 4096;
  /** Longer templates are built every time: the cache stays small however long the paths. */
  static final int MAX_CACHED_LENGTH = 256;

  private final String[] slots = new String[SLOTS];

  /** The template cached for {@code hash} if it is the one {@code path} reads as ({@code ids}: which segments are ids), else null. */
  String find(int hash, String path, long ids, boolean deeper) {
    String cached = slots[hash & (SLOTS - 1)];
    return cached != null && cached.hashCode() == hash && reads(cached, path, ids, deeper) ? cached : null;
  }

  void keep(int hash, String template) {
    if (template.length() <= MAX_CACHED_LENGTH) {
      slots[hash & (SLOTS - 1)] = template;
    }
  }

  /** Whether {@code template} is what {@code path} becomes: its segments, ids as {@code {id}}, beyond the last kept one {@code /**}. */
  private static boolean reads(String template, String path, long ids, boolean deeper) {
    int at = 0;
    int start = 1;
    int length = path.length();
    for (int segment = 0; start <= length; segment++) {
      if (segment == RouteTemplate.MAX_SEGMENTS) {
        return deeper && template.length() == at + 3 && template.startsWith("/**", at);
      }
      int end = path.indexOf('/', start);
      if (end < 0) {
        end = length;
      }
      if (at >= template.length() || template.charAt(at) != '/') {
        return false;
      }
      at++;
      if ((ids & (1L << segment)) != 0) {
        if (!template.startsWith(RouteTemplate.ID, at)) {
          return false;
        }
        at += RouteTemplate.ID.length();
      } else {
        if (!template.regionMatches(at, path, start, end - start)) {
          return false;
        }
        at += end - start;
      }
      start = end + 1;
    }
    return !deeper && at == template.length();
  }
}
