package dev.vigil.agent.detect.attack;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every route template's load, looked up on every answered request: a plain concurrent map rather
 * than a cache, because this lookup is on the hot path and a hash-map read is several times cheaper.
 * Bounded by refusing new routes once {@link #MAX_ROUTES} are known, so a flood of made-up paths can
 * never push out the app's own routes and what they learned; routes idle for a day are dropped once
 * an hour (never one under attack). Part of the {@link dev.vigil.agent.detect.baseline.Baselines}: kept
 * across policy changes.
 */
public final class RouteLoads {
  static final int MAX_ROUTES = 2_000;
  private static final long IDLE_NANOS = 24 * 3600 * 1_000_000_000L;
  private static final long SWEEP_NANOS = 3600 * 1_000_000_000L;
  private final ConcurrentHashMap<String, RouteLoad> routes = new ConcurrentHashMap<>();
  private final AtomicLong nextSweep;

  public RouteLoads(long now) {
    this.nextSweep = new AtomicLong(now + SWEEP_NANOS);
  }

  /** The route's load, or null when it is not known (for a request on the way in). */
  RouteLoad find(String route) {
    return routes.get(route);
  }

  /** The route's load, new if need be; null when the table is full of other routes. */
  RouteLoad get(String route, long now) {
    RouteLoad load = routes.get(route);
    if (load != null) {
      return load;
    }
    long sweepAt = nextSweep.get();
    if (now - sweepAt >= 0 && nextSweep.compareAndSet(sweepAt, now + SWEEP_NANOS)) {
      routes.values().removeIf(old -> old.attack() == null && old.idleNanos(now) > IDLE_NANOS);
    }
    if (routes.size() >= MAX_ROUTES) {
      return null;
    }
    RouteLoad created = new RouteLoad(now);
    RouteLoad raced = routes.putIfAbsent(route, created);
    return raced != null ? raced : created;
  }

  /** Routes under attack now: what a detector built over these loads starts from. */
  int underAttack() {
    int count = 0;
    for (RouteLoad load : routes.values()) {
      count += load.attack() != null ? 1 : 0;
    }
    return count;
  }

  long size() {
    return routes.size();
  }
}
