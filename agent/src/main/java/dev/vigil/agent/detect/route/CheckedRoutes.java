package dev.vigil.agent.detect.route;

import dev.vigil.bootstrap.RequestContext;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The route templates where the app has refused someone (401, 403): there an API key is checked, so
 * a caller who presents one and is served is who the key says. Anywhere else a key is only a header
 * anyone can make up. At most {@link #MAX_ROUTES} kept: a flood of refusals on made-up paths cannot
 * grow it; past the cap, keys on further routes count as nobody in particular.
 */
public final class CheckedRoutes {
  private static final int MAX_ROUTES = 256;
  private final Set<String> routes = ConcurrentHashMap.newKeySet();

  /** The app answered this request 401 or 403. */
  public void refused(RequestContext request) {
    if (routes.size() < MAX_ROUTES) {
      routes.add(RouteTemplate.of(request));
    }
  }

  /** Whether the request's route is one where the app refuses callers: there a key it serves is real. */
  public boolean checks(RequestContext request) {
    return !routes.isEmpty() && routes.contains(RouteTemplate.of(request));
  }
}
