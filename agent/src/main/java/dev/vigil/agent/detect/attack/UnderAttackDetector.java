package dev.vigil.agent.detect.attack;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.vigil.agent.config.KeyType;
import dev.vigil.agent.config.UnderAttackLimits;
import dev.vigil.agent.detect.Detector;
import dev.vigil.agent.detect.MomentTime;
import dev.vigil.agent.detect.refusal.RefusalAction;
import dev.vigil.agent.detect.route.CheckedRoutes;
import dev.vigil.agent.detect.route.RouteTemplate;
import dev.vigil.agent.detect.sketch.SeededHash;
import dev.vigil.agent.engine.DecisionRecorder;
import dev.vigil.agent.engine.OperatingMode;
import dev.vigil.agent.engine.RequestKeys;
import dev.vigil.agent.event.VigilEvent;
import dev.vigil.agent.net.IpAddress;
import dev.vigil.bootstrap.Decision;
import dev.vigil.bootstrap.RequestContext;
import java.util.Locale;

/**
 * Under-attack mode per route: every route template learns its usual volume, distinct callers and
 * failed-answer ratio ({@link RouteLoad}); an interval far above them puts the route under attack,
 * and until it has been calm for a while each /16 (IPv6 /48) and each client fingerprint may send
 * only a share of the route's usual rate to it ({@link AttackLimits}). Start and end are each a
 * {@code vigil.anomaly} with the evidence. Until some route is under attack, a request costs this
 * detector one volatile read on the way in; on the way out, a lookup and a few atomic adds.
 */
public final class UnderAttackDetector implements Detector {
  public static final String RULE = "under-attack";
  static final String STARTED = "route-under-attack";
  static final String ENDED = "route-attack-over";
  /** Tightened limits for this many routes at once, at most: each attack's tables are bounded, and so is their number. */
  private static final int MAX_ATTACKED_ROUTES = 16;
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final UnderAttackLimits limits;
  private final RefusalAction action;
  private final Ticker ticker;
  private final RequestKeys keys;
  private final DecisionRecorder decisions;
  private final RouteLoads routes;
  private final CheckedRoutes checkedRoutes;
  private final Object attackCount = new Object();
  /** Seeded, so that no one can pick addresses that all fall into one register and look like one caller. */
  private final SeededHash callers = new SeededHash();
  private volatile int attacked;

  /** @param routes what the routes' loads are known to be (a previous engine's, when the policy changed) */
  public UnderAttackDetector(
      UnderAttackLimits limits, OperatingMode mode, Ticker ticker, RequestKeys keys, DecisionRecorder decisions, CheckedRoutes checkedRoutes, RouteLoads routes) {
    this.checkedRoutes = checkedRoutes;
    this.limits = limits;
    this.action = new RefusalAction(limits.action, mode);
    this.ticker = ticker;
    this.keys = keys;
    this.decisions = decisions;
    this.routes = routes;
    this.attacked = routes.underAttack();
  }

  @Override
  public Decision onRequest(RequestContext request) {
    if (attacked == 0) {
      return null;
    }
    RouteLoad load = routes.find(RouteTemplate.of(request));
    AttackLimits attack = load == null ? null : load.attack();
    if (attack == null || (keys.apiKey(request) != null && checkedRoutes.checks(request))) {
      return null; // a caller with a key the route checks is accountable: the rules keyed by it apply, not the attack's
    }
    long now = MomentTime.of(request, ticker);
    String client = keys.client(request);
    IpAddress address = client == null ? null : IpAddress.parse(client);
    KeyType type = KeyType.SUBNET;
    String key = address == null ? null : address.network();
    long wait = key == null ? 0 : attack.network(key, now);
    if (wait == 0) {
      type = KeyType.FINGERPRINT;
      key = keys.fingerprint(request);
      wait = attack.fingerprint(key, now);
    }
    if (wait == 0) {
      return null;
    }
    long retryAfter = Math.max(1, (wait + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND);
    return action.refuse(decisions, request, RULE, retryAfter, type, key, client);
  }

  @Override
  public void onResponse(RequestContext request, int status, String location) {
    if (status == 401 || status == 403) {
      checkedRoutes.refused(request);
    }
    record(request, status);
  }

  /** A refusal is volume, not a failed answer: refusals of its own would otherwise keep an attack from ever ending. */
  @Override
  public void onRefused(RequestContext request) {
    record(request, 0);
  }

  /** @param status 0 for a refused request */
  private void record(RequestContext request, int status) {
    String route = RouteTemplate.of(request);
    long now = MomentTime.of(request, ticker);
    RouteLoad load = routes.get(route, now);
    if (load == null) {
      return; // as many routes known as the table holds
    }
    String client = keys.client(request);
    // a sampled request's answer is timed and sized; the others cost nothing more
    boolean sampled = request.startNanos != 0 && status > 0;
    long latency = sampled ? now - request.startNanos : -1;
    long bytes = sampled ? request.responseBytes() : -1;
    boolean surge = load.record(client == null ? 0 : callers.of(client), status, latency, bytes, now);
    if (!surge && !load.intervalOver(now, limits.intervalNanos)) {
      return;
    }
    RouteLoad.Change change = load.close(now, limits, ticker, attacked < MAX_ATTACKED_ROUTES);
    if (change == RouteLoad.Change.STARTED) {
      count(1);
      AttackLimits attack = load.attack();
      String why = String.format(
          Locale.ROOT, "route %s under attack: %d requests in %ds (usual %.0f in 10s), %.0f distinct callers (usual %.0f), failed answers %.2f;"
              + " %s; each /16 and client fingerprint now limited to %.1f/s on it",
          route, attack.requests, Math.max(1, (now - attack.intervalStart) / NANOS_PER_SECOND), attack.usualRequests, attack.callers, attack.usualCallers,
          attack.failureRatio, load.answersEvidence(), attack.ratePerSecond);
      decisions.anomaly(request, VigilEvent.anomaly(RULE, STARTED, attack.requests, why));
    } else if (change == RouteLoad.Change.ENDED) {
      count(-1);
      long lasted = load.lastAttack().lastedNanos() / NANOS_PER_SECOND;
      decisions.anomaly(
          request, VigilEvent.anomaly(RULE, ENDED, lasted, "route " + route + " calm again after " + lasted + "s under attack; its limits are back to normal"));
    }
  }

  @Override
  public long trackedKeys() {
    return routes.size();
  }

  private void count(int delta) {
    synchronized (attackCount) {
      attacked += delta;
    }
  }


}
