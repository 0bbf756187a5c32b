package dev.vigil.agent.detect.scan;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.vigil.agent.config.ScanLimits;
import dev.vigil.agent.detect.CallerFilter;
import dev.vigil.agent.detect.Detector;
import dev.vigil.agent.detect.MomentTime;
import dev.vigil.agent.detect.refusal.RefusalAction;
import dev.vigil.agent.detect.refusal.Refusals;
import dev.vigil.agent.detect.route.RouteTemplate;
import dev.vigil.agent.engine.DecisionRecorder;
import dev.vigil.agent.engine.OperatingMode;
import dev.vigil.agent.engine.RequestKeys;
import dev.vigil.agent.event.VigilEvent;
import dev.vigil.agent.limit.SizeEvictions;
import dev.vigil.agent.limit.StaticAssetPath;
import dev.vigil.agent.limit.TableSegments;
import dev.vigil.bootstrap.Decision;
import dev.vigil.bootstrap.RequestContext;

/**
 * Scanning: a source that gets many distinct routes answered "not found" ({@code 404}, {@code 405})
 * within a window, or probes paths only a scanner asks for ({@link SensitivePaths}) and is turned
 * away, is refused for a while, and an anomaly says why. Distinct counts are of route templates
 * ({@link RouteTemplate}), so an API client that looks ids up and meets 404s for some counts one
 * route; a page's missing stylesheets and images are not counted at all (a broken site must not
 * refuse its visitors). State is per client address: a fixed-size tally while it collects not-found
 * answers, and once refused an entry in a segment of its own that a flood of new addresses cannot
 * evict before the refusal ends.
 */
public final class ScanDetector implements Detector {
  public static final String RULE = "scan";
  static final String DISTINCT_NOT_FOUND = "distinct-not-found-routes";
  static final String SENSITIVE_PROBES = "sensitive-path-probes";
  static final String DISTINCT_NOT_FOUND_SLOWLY = "distinct-not-found-routes-per-hour";

  private final ScanLimits limits;
  private final RefusalAction action;
  private final Ticker ticker;
  private final RequestKeys keys;
  private final DecisionRecorder decisions;
  private final Cache<String, NotFoundTally> tallies;
  private final Refusals refusals;

  public ScanDetector(ScanLimits limits, OperatingMode mode, int maxSources, Ticker ticker, RequestKeys keys, DecisionRecorder decisions) {
    this.limits = limits;
    this.action = new RefusalAction(limits.action, mode);
    this.ticker = ticker;
    this.keys = keys;
    this.decisions = decisions;
    this.tallies = TableSegments.bounded(maxSources, limits.longWindow.toNanos(), ticker, SizeEvictions.counted());
    this.refusals = new Refusals(RULE, limits.duration, Math.max(1, maxSources / 10), ticker);
  }

  @Override
  public Decision onRequest(RequestContext request) {
    if (!refusals.anyRefused()) {
      return null; // before the source: an IPv6 client's /64 is not worked out for nothing
    }
    String client = keys.client(request);
    String source = keys.source(request);
    long retryAfter = refusals.retryAfterSeconds(source);
    if (retryAfter == 0) {
      return null;
    }
    return action.refuse(decisions, request, RULE, retryAfter, RequestKeys.sourceType(source), source, client);
  }

  @Override
  public void onResponse(RequestContext request, int status, String location) {
    boolean notFound = status == 404 || status == 405;
    if (!notFound && status != 401 && status != 403) {
      return;
    }
    String path = keys.path(request);
    boolean probe = SensitivePaths.isProbe(path);
    if (!probe && (!notFound || StaticAssetPath.isStaticAsset(request.method, path))) {
      return;
    }
    String client = keys.client(request);
    String source = keys.source(request);
    if (source == null || refusals.isRefused(source)) {
      return;
    }
    long now = MomentTime.of(request, ticker);
    NotFoundTally tally = tallies.get(source, key -> new NotFoundTally(now));
    String signal = tally.add(now, limits, RouteTemplate.of(request).hashCode(), probe);
    if (signal == null) {
      return;
    }
    Refusals.Refusal refusal = refusals.refuse(source);
    tallies.invalidate(source);
    double value = tally.value(signal);
    String why = signal + " reached " + (long) value + " (threshold " + threshold(signal) + "); " + refusal;
    decisions.anomaly(request, VigilEvent.anomaly(RULE, signal, value, why).caller(RequestKeys.sourceType(source), source).client(client));
  }
  @Override
  public long trackedKeys() {
    return tallies.estimatedSize() + refusals.trackedKeys();
  }

  @Override
  public int forget(CallerFilter callers) {
    return TableSegments.forget(tallies, callers::holdsSource) + refusals.forget(callers::holdsSource);
  }

  private String threshold(String signal) {
    if (SENSITIVE_PROBES.equals(signal)) {
      return limits.probes + " within " + limits.window.toMinutes() + "m";
    }
    return DISTINCT_NOT_FOUND.equals(signal)
        ? limits.distinctNotFound + " within " + limits.window.toMinutes() + "m"
        : limits.longDistinctNotFound + " within " + limits.longWindow.toMinutes() + "m";
  }
}
