package dev.vigil.agent.detect.enumerate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.vigil.agent.config.EnumerationLimits;
import dev.vigil.agent.config.KeyType;
import dev.vigil.agent.detect.CallerFilter;
import dev.vigil.agent.detect.Detector;
import dev.vigil.agent.detect.MomentTime;
import dev.vigil.agent.detect.baseline.Baselines;
import dev.vigil.agent.detect.refusal.RefusalAction;
import dev.vigil.agent.detect.refusal.Refusals;
import dev.vigil.agent.detect.route.CheckedRoutes;
import dev.vigil.agent.detect.route.ObjectIds;
import dev.vigil.agent.detect.route.QueryIds;
import dev.vigil.agent.detect.route.RouteTemplate;
import dev.vigil.agent.detect.sketch.SeededHash;
import dev.vigil.agent.engine.DecisionRecorder;
import dev.vigil.agent.engine.OperatingMode;
import dev.vigil.agent.engine.RequestKeys;
import dev.vigil.agent.event.VigilEvent;
import dev.vigil.agent.limit.RoutePath;
import dev.vigil.agent.limit.ObservedTicker;
import dev.vigil.agent.limit.SizeEvictions;
import dev.vigil.agent.limit.StaticAssetPath;
import dev.vigil.agent.limit.TableSegments;
import dev.vigil.bootstrap.Decision;
import dev.vigil.bootstrap.RequestContext;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * Enumeration and scraping: a caller that looks up many distinct objects ({@link ObjectIds}: {@code
 * /items/1}, {@code /items/2}, …) — fast, or slowly over hours —, walks ids in steps, or guesses ids
 * that mostly do not exist, is refused for a while ({@link Refusals}) and an anomaly says why.
 *
 * <p>Who the caller is decides whether a shared address is a problem: a request with an API key is
 * counted by its key, and only reported (the key is accountable; its owner can revoke it); one with
 * a session the detector has already seen at work is counted by its session, so people behind one
 * office address are told apart; anything else (no cookie, a fresh or made-up session) is counted by
 * its address. A session counts as seen only once a lookup of its own was let through, so a refused
 * address cannot mint sessions to get back in, and the sessions at one address together have their
 * own, ten times larger, allowance.
 */
public final class EnumerationDetector implements Detector {
  public static final String RULE = "enumeration";
  private static final Duration SESSION_IDLE = Duration.ofMinutes(30);

  private final EnumerationLimits limits;
  private final RefusalAction action;
  private final Ticker ticker;
  /** What the tallies expire by: the lookups' own time, not a clock read each ({@link ObservedTicker}). */
  private final ObservedTicker time;
  private final RequestKeys keys;
  private final DecisionRecorder decisions;
  /** Seeded: a caller cannot choose spellings of ids that fall together. */
  private final SeededHash objects = new SeededHash();
  private final Cache<String, ObjectTally> anonymous;
  private final Cache<String, ObjectTally> sessions;
  private final Cache<String, ObjectTally> apiKeys;
  private final Cache<String, AddressTally> addresses;
  private final Cache<String, Boolean> established;
  private final Refusals refusedAddresses;
  private final Refusals refusedAnonymous;
  private final Refusals refusedSessions;
  private final Baselines baselines;
  private final CheckedRoutes checkedRoutes;
  private final java.util.function.Function<String, AddressTally> newAddressTally;
  /** Built once: a lambda capturing the caller's clock would be allocated on every lookup. */
  private final java.util.function.Function<String, ObjectTally> newTally;
  private volatile boolean anyRefused;

  public EnumerationDetector(
      EnumerationLimits limits, OperatingMode mode, int maxCallers, Ticker ticker, RequestKeys keys, DecisionRecorder decisions, Baselines baselines) {
    this.baselines = baselines;
    this.checkedRoutes = baselines.checkedRoutes();
    this.limits = limits;
    this.action = new RefusalAction(limits.action, mode);
    this.ticker = ticker;
    this.keys = keys;
    this.decisions = decisions;
    int tallied = Math.max(1, maxCallers / 2);
    int refused = Math.max(1, maxCallers / 10);
    long idle = limits.longWindow.toNanos() + ObservedTicker.GRANULARITY_NANOS;
    this.time = new ObservedTicker(ticker);
    this.anonymous = TableSegments.bounded(tallied, idle, time, SizeEvictions.counted());
    this.sessions = TableSegments.bounded(tallied, idle, time, SizeEvictions.counted());
    this.apiKeys = TableSegments.bounded(refused, idle, time, SizeEvictions.counted());
    this.addresses = TableSegments.bounded(refused, idle, time, SizeEvictions.counted());
    this.established = TableSegments.bounded(maxCallers, SESSION_IDLE.toNanos() + ObservedTicker.GRANULARITY_NANOS, time, SizeEvictions.counted());
    this.refusedAddresses = new Refusals(RULE, limits.duration, refused, ticker);
    this.refusedAnonymous = new Refusals(RULE, limits.duration, refused, ticker);
    this.refusedSessions = new Refusals(RULE, limits.duration, refused, ticker);
    // a new caller's tally starts at the lookup's time, observed just before
    this.newAddressTally = source -> new AddressTally(time.read());
    this.newTally = key -> new ObjectTally(time.read());
  }

  /** Refuses only lookups of objects: a refused scraper's co-tenants at a shared address can still use the rest of the app. */
  @Override
  public Decision onRequest(RequestContext request) {
    if (!anyRefused || !isLookup(request)) {
      return null;
    }
    String client = keys.client(request);
    String source = keys.source(request);
    String user = vouched(request);
    long retryAfter;
    KeyType type;
    String key;
    if (user != null) {
      type = KeyType.USER; // the app vouches for it: judged as itself, whatever its address did
      key = user;
      retryAfter = refusedSessions.retryAfterSeconds(user);
    } else {
      type = RequestKeys.sourceType(source);
      key = source;
      retryAfter = refusedAddresses.retryAfterSeconds(source);
      if (retryAfter == 0) {
        String session = keys.session(request);
        // a refused session stays refused even once a flood of new sessions has pushed it out of the seen ones
        retryAfter = session == null ? 0 : refusedSessions.retryAfterSeconds(session);
        if (retryAfter > 0) {
          type = KeyType.SESSION;
          key = session;
        } else if (session == null || seen(request, session) == null) {
          retryAfter = refusedAnonymous.retryAfterSeconds(source);
        }
      }
    }
    if (retryAfter == 0) {
      return null;
    }
    return action.refuse(decisions, request, RULE, retryAfter, type, key, client);
  }

  private Boolean seen(RequestContext request, String session) {
    time.observe(MomentTime.of(request, ticker));
    return established.getIfPresent(session);
  }

  /**
   * The caller the app vouches for: the principal the server authenticated, or, on a route where the
   * app refuses callers (so a token it serves is one it accepted), the bearer token's keyed hash. A
   * mobile app's users behind one carrier address, signed in but without cookies, are told apart.
   */
  private String vouched(RequestContext request) {
    String user = keys.user(request);
    return user != null || !checkedRoutes.checks(request) ? user : keys.bearer(request);
  }

  /**
   * A lookup of an object: named by the framework's route ({@code /products/{slug}}), or in the path
   * ({@link ObjectIds}), or failing that in the query ({@link QueryIds}).
   */
  private boolean isLookup(RequestContext request) {
    return ObjectIds.end(request, keys.path(request)) >= 0 || QueryIds.end(request.query()) >= 0;
  }

  /**
   * Counts an answered lookup: found (2xx), or a guess (404, 410, and 403: an object that exists but
   * is someone else's, what probing for broken object-level authorisation gets).
   */
  @Override
  public void onResponse(RequestContext request, int status, String location) {
    boolean found = status >= 200 && status < 300;
    if (status == 401 || status == 403) {
      checkedRoutes.refused(request);
    }
    if (!found && status != 404 && status != 410 && status != 403) {
      return;
    }
    String path = keys.path(request);
    if (RoutePath.isOverlong(path) || StaticAssetPath.isStaticAsset(request.method, path)) {
      return;
    }
    int end = ObjectIds.end(request, path);
    long object;
    long number;
    if (end >= 0) {
      object = objects.of(path, end);
      number = ObjectIds.number(path, end);
    } else {
      String query = request.query();
      int queryEnd = QueryIds.end(query);
      if (queryEnd < 0) {
        return;
      }
      object = 31 * objects.of(path) + QueryIds.hash(query, objects);
      number = ObjectIds.number(query, queryEnd);
    }
    long now = MomentTime.of(request, ticker);
    time.observe(now);
    // a key is an identity only where the app refuses requests without a good one: elsewhere anyone can make one up
    String apiKey = keys.apiKey(request);
    if (apiKey != null && checkedRoutes.checks(request)) {
      count(request, apiKeys, KeyType.APIKEY, apiKey, null, now, object, number, found, size(request, found));
      return;
    }
    String client = keys.client(request);
    if (client == null) {
      return;
    }
    String source = keys.source(request);
    String user = vouched(request);
    String session = user != null ? user : keys.session(request);
    if (user == null && (session == null || established.getIfPresent(session) == null)) {
      count(request, anonymous, RequestKeys.sourceType(source), source, refusedAnonymous, now, object, number, found, size(request, found));
      if (session != null && addresses.get(source, newAddressTally).mayEstablish(now, limits)) {
        established.put(session, Boolean.TRUE);
      }
      return;
    }
    count(request, sessions, user != null ? KeyType.USER : KeyType.SESSION, session, refusedSessions, now, object, number, found, size(request, found));
    if (user != null) {
      return; // vouched for by the app: its own caller, not part of its address's allowance
    }
    AddressTally address = addresses.get(source, newAddressTally);
    double together = address.add(now, limits, object);
    if (together > 0 && !refusedAddresses.isRefused(source)) {
      addresses.invalidate(source);
      String why = "the sessions at one address looked up " + (long) together + " distinct objects (threshold " + limits.addressDistinct + " within "
          + limits.window.toMinutes() + "m, " + 5 * limits.addressDistinct + " within " + limits.longWindow.toHours() + "h)";
      refuse(request, refusedAddresses, RequestKeys.sourceType(source), source, "distinct-objects-per-address", together, why);
    }
  }

  /** @param refusals null for a caller that is only reported */
  private void count(
      RequestContext request, Cache<String, ObjectTally> tallies, KeyType type, String key, Refusals refusals, long now, long object,
      long number, boolean found, long size) {
    if (refusals != null && refusals.isRefused(key)) {
      return;
    }
    ObjectTally tally = tallies.get(key, newTally);
    if (tally.repeat(now, object, found, size)) {
      return;
    }
    int distinctThreshold = refusals == null ? limits.distinct : (int) baselines.objects().threshold(now, limits.distinct);
    // learned, but never above ten times the policy's: big downloads of few objects cannot ratchet it out of reach
    long floorKilobytes = 1024L * limits.megabytes;
    long bytesThreshold = 1024 * (refusals == null ? floorKilobytes : Math.min(10 * floorKilobytes, baselines.objectKilobytes().threshold(now, floorKilobytes)));
    // a reported-only caller's windows are not learned: they are not who the threshold protects
    String signal = tally.add(now, limits, distinctThreshold, bytesThreshold, object, number, found, size, refusals == null ? null : baselines);
    if (signal == null) {
      return;
    }
    tallies.invalidate(key);
    double value = tally.value(signal);
    String why = signal + " reached " + (long) value + " (threshold " + threshold(signal, distinctThreshold, bytesThreshold) + ") on " + RouteTemplate.of(request)
        + "; " + tally.evidence();
    refuse(request, refusals, type, key, signal, value, why);
  }

  private void refuse(RequestContext request, Refusals refusals, KeyType type, String key, String signal, double value, String why) {
    String outcome;
    if (refusals == null) {
      outcome = "reported only: callers with an API key are not refused";
    } else {
      outcome = refusals.refuse(key).toString();
      anyRefused = true;
    }
    decisions.anomaly(request, VigilEvent.anomaly(RULE, signal, value, why + "; " + outcome).caller(type, key).client(keys.client(request)));
  }

  /** An answer's size, read only for found lookups (an error page's bytes say nothing about scraping). */
  private static long size(RequestContext request, boolean found) {
    return found ? request.responseBytes() : -1;
  }

  @Override
  public long trackedKeys() {
    return anonymous.estimatedSize() + sessions.estimatedSize() + apiKeys.estimatedSize() + addresses.estimatedSize() + established.estimatedSize()
        + refusedAddresses.trackedKeys() + refusedAnonymous.trackedKeys() + refusedSessions.trackedKeys();
  }

  @Override
  public int forget(CallerFilter callers) {
    String user = callers.username() == null ? null : keys.user(callers.username());
    Predicate<String> held = user != null ? user::equals : callers::holdsSource;
    return TableSegments.forget(anonymous, held) + TableSegments.forget(sessions, held) + TableSegments.forget(addresses, held)
        + refusedAddresses.forget(held) + refusedAnonymous.forget(held) + refusedSessions.forget(held);
  }

  private String threshold(String signal, int distinctThreshold, long bytesThreshold) {
    String learned = distinctThreshold > limits.distinct ? ", raised from " + limits.distinct + " by this app's usual lookups" : "";
    switch (signal) {
      case ObjectTally.BYTES:
        return bytesThreshold + " bytes over at least " + ObjectTally.BYTES_MIN_OBJECTS + " objects within " + limits.window.toMinutes() + "m"
            + (bytesThreshold > 1024L * 1024 * limits.megabytes ? ", raised from " + limits.megabytes + " MB by what this app's callers usually get" : "");
      case ObjectTally.WALK:
        return limits.walk + " ids one step apart";
      case ObjectTally.NOT_FOUND:
        return limits.notFound + " not found or forbidden, half the lookups, within " + limits.window.toMinutes() + "m";
      case ObjectTally.DISTINCT:
        return distinctThreshold + " within " + limits.window.toMinutes() + "m" + learned;
      default:
        return Math.min(2_000, (long) limits.longDistinct * distinctThreshold / limits.distinct) + " within " + limits.longWindow.toHours() + "h"
            + learned;
    }
  }
}
