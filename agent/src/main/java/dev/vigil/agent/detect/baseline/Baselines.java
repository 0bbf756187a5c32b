package dev.vigil.agent.detect.baseline;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.vigil.agent.detect.attack.RouteLoads;
import dev.vigil.agent.detect.route.CheckedRoutes;
import dev.vigil.agent.detect.route.FrameworkRoutes;

/**
 * What the detectors have learned about this app rather than about its callers, which no policy value
 * shapes: the routes its framework matches, the routes where the app checks callers, what one caller usually looks up and downloads in
 * a window, and each route's usual load. An engine built for a changed policy takes the previous
 * engine's, so a change of limits does not send detection back through its warm-up. The routes'
 * loads are learned per interval: a changed interval starts them afresh.
 */
public final class Baselines {
  /** Distinct objects one caller looks up in a window: what the per-caller sketch counts well caps the threshold. */
  private static final long MAX_OBJECTS = 100_000;
  private static final long OBJECTS_CAP = 1_000;
  /** Kilobytes one caller is sent by object lookups in a window (100 GB at most counted). */
  private static final long MAX_KILOBYTES = 100_000_000;

  private final Ticker ticker;
  private final CheckedRoutes checkedRoutes = new CheckedRoutes();
  private final FrameworkRoutes frameworkRoutes = new FrameworkRoutes();
  private final WindowBaseline objects;
  private final WindowBaseline objectKilobytes;
  private RouteLoads routes;
  private long routeInterval;

  public Baselines(Ticker ticker) {
    this.ticker = ticker;
    this.objects = new WindowBaseline(MAX_OBJECTS, OBJECTS_CAP, ticker);
    this.objectKilobytes = new WindowBaseline(MAX_KILOBYTES, MAX_KILOBYTES, ticker);
  }

  public FrameworkRoutes frameworkRoutes() {
    return frameworkRoutes;
  }

  public CheckedRoutes checkedRoutes() {
    return checkedRoutes;
  }

  /** Distinct objects per caller window. */
  public WindowBaseline objects() {
    return objects;
  }

  /** Kilobytes sent per caller window by object lookups. */
  public WindowBaseline objectKilobytes() {
    return objectKilobytes;
  }

  /** The routes' loads learned over intervals of this length; fresh ones if they were learned over another. */
  public synchronized RouteLoads routes(long intervalNanos) {
    if (routes == null || routeInterval != intervalNanos) {
      routes = new RouteLoads(ticker.read());
      routeInterval = intervalNanos;
    }
    return routes;
  }
}
