package dev.vigil.agent.limit;

import java.util.List;
import java.util.Locale;

/**
 * Which requests a rule applies to: any of its route patterns and any of its methods (empty = all).
 * HEAD counts as GET: servers answer it by running the GET handler, so a GET-only limit that let
 * HEAD through would not limit the handler at all.
 */
public final class RequestMatcher {
  private static final String GET = "GET";
  private static final String HEAD = "HEAD";

  private final RoutePattern[] routes;
  private final String[] methods;
  private final boolean allRoutes;

  public RequestMatcher(List<String> routePatterns, List<String> methodNames) {
    this.routes = new RoutePattern[routePatterns.size()];
    boolean everything = routePatterns.isEmpty();
    for (int i = 0; i < routes.length; i++) {
      routes[i] = new RoutePattern(routePatterns.get(i));
      everything |= routes[i].matchesEverything();
    }
    this.allRoutes = everything;
    this.methods = new String[methodNames.size()];
    for (int i = 0; i < methods.length; i++) {
      methods[i] = methodNames.get(i).toUpperCase(Locale.ROOT);
    }
  }

  /**
   * @param normalisedPath see {@link RoutePath#normalise}; a path over {@link RoutePath#MAX_PATH_LENGTH}
   *     matches every route (fail closed: only an attacker sends one)
   */
  public boolean matches(String method, String normalisedPath) {
    return methodMatches(method) && (allRoutes || RoutePath.isOverlong(normalisedPath) || routeMatches(normalisedPath));
  }

  /**
   * The route pattern that matched, for telemetry's {@code http.route}; null when the rule covers
   * every route (the pattern would say nothing about this request), or for a path over
   * {@link RoutePath#MAX_PATH_LENGTH} (it matched without being read).
   */
  public String matchedRoute(String normalisedPath) {
    if (allRoutes || RoutePath.isOverlong(normalisedPath)) {
      return null;
    }
    for (RoutePattern route : routes) {
      if (route.matches(normalisedPath)) {
        return route.toString();
      }
    }
    return null;
  }

  private boolean methodMatches(String method) {
    if (methods.length == 0) {
      return true;
    }
    if (method == null) {
      return false;
    }
    for (String allowed : methods) {
      if (allowed.equalsIgnoreCase(method) || (allowed.equals(GET) && HEAD.equalsIgnoreCase(method))) {
        return true;
      }
    }
    return false;
  }

  private boolean routeMatches(String path) {
    for (RoutePattern route : routes) {
      if (route.matches(path)) {
        return true;
      }
    }
    return false;
  }
}
