package dev.vigil.agent.engine;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.vigil.agent.caller.ApiKeyHasher;
import dev.vigil.agent.config.KeyType;
import dev.vigil.agent.config.Mode;
import dev.vigil.agent.config.Policy;
import dev.vigil.agent.detect.CallerFilter;
import dev.vigil.agent.detect.Detector;
import dev.vigil.agent.detect.DetectorChain;
import dev.vigil.agent.detect.route.FrameworkRoutes;
import dev.vigil.agent.event.Counts;
import dev.vigil.agent.event.CountsSnapshot;
import dev.vigil.agent.event.EventBuilder;
import dev.vigil.agent.event.EventStream;
import dev.vigil.agent.telemetry.TelemetrySink;
import dev.vigil.bootstrap.AwaitedPrincipal;
import dev.vigil.bootstrap.Decision;
import dev.vigil.bootstrap.RequestContext;
import dev.vigil.bootstrap.RequestGate;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The loop over the detector chain ({@link EngineParts} wires it from the policy), and what operators
 * do to it: reload, switch the mode, unlock, ban and allow. Monitor mode, global or per rule, records
 * the decision and lets the request through.
 *
 * <p>For a known caller with a direct IPv4 peer the path allocates nothing: the peer string is the
 * bucket key, counters are LongAdders and the answer is the shared {@link Decision#ALLOW}.
 */
public final class Engine implements RequestGate {

  private final EngineParts parts;
  // the request path's parts, read without going through parts
  private final Counts counts;
  private final RequestKeys keys;
  private final FrameworkRoutes frameworkRoutes;
  private final LoginLockoutDetector logins;
  private final RequestEvents requestEvents;
  private final DetectorChain chain;
  private final TopCallers topCallers;
  private final Ticker ticker;
  /** Whether the sampled requests are timed, for the routes' latency baselines. */
  private final boolean timed;

  private Engine(EngineParts parts) {
    this.parts = parts;
    this.counts = parts.counts;
    this.keys = parts.keys;
    this.frameworkRoutes = parts.frameworkRoutes;
    this.logins = parts.logins;
    this.requestEvents = parts.requestEvents;
    this.chain = parts.chain;
    this.topCallers = parts.topCallers;
    this.ticker = parts.ticker;
    this.timed = parts.timed;
  }

  /**
   * @param ticker the only time source for limits (System.nanoTime based; fake in tests)
   * @param clock only for event timestamps
   */
  public static Engine create(Policy policy, Ticker ticker, Clock clock) {
    return create(policy, ticker, clock, TelemetrySink.NONE);
  }

  /** @param sink where spans, events and metrics go ({@link TelemetrySink#NONE}: nowhere) */
  public static Engine create(Policy policy, Ticker ticker, Clock clock, TelemetrySink sink) {
    return new Engine(new EngineParts(policy, ticker, clock, ApiKeyHasher.withRandomSecret(), sink, null));
  }

  /**
   * An engine for a reloaded policy: it takes over {@code previous}'s ticker, counts, audit trail,
   * event sinks, mode switch, operator bans, baselines, and the tables of every rule, detector and
   * lockout scope whose settings did not change ({@link #changes()} says which).
   */
  public static Engine reloaded(Engine previous, Policy policy) {
    return new Engine(new EngineParts(policy, previous.ticker, previous.parts.clock, null, TelemetrySink.NONE, previous.parts));
  }

  static Engine create(Policy policy, Ticker ticker, Clock clock, ApiKeyHasher hasher) {
    return new Engine(new EngineParts(policy, ticker, clock, hasher, TelemetrySink.NONE, null));
  }

  @Override
  public Decision onRequest(RequestContext request) {
    request.nowNanos = ticker.read();
    counts.requestSeen();
    if (ThreadLocalRandom.current().nextInt(TopCallers.SAMPLE_ONE_IN) == 0) {
      if (timed) {
        request.startNanos = request.nowNanos;
      }
      topCallers.sampled(keys.client(request));
    }
    if (!frameworkRoutes.isEmpty()) {
      frameworkRoutes.apply(request, keys.path(request));
    }
    logins.requestStarted(request);
    requestEvents.requestStarted(request);
    return chain.onRequest(request);
  }

  /** The rules keyed by user, for a request whose principal an inner entry has just seen. */
  @Override
  public Decision onPrincipal(RequestContext request, String principal) {
    request.nowNanos = ticker.read();
    return chain.onPrincipal(request, principal);
  }

  @Override
  public void onResponse(RequestContext request, int status, String location) {
    request.nowNanos = ticker.read();
    AwaitedPrincipal.clear();
    String pattern = request.routePattern();
    if (pattern != null) { // the framework named the route it matched: learned, and this request grouped by it already
      frameworkRoutes.learn(pattern);
      frameworkRoutes.apply(request, keys.path(request));
    }
    chain.onResponse(request, status, location);
    if (request.startEpochNanos != 0) {
      requestEvents.requestEnded(request, keys.client(request), status);
    }
  }

  @Override
  public boolean onLoginAttempt(String framework, String username, String peer, String forwardedFor) {
    return logins.onLoginAttempt(framework, username, peer, forwardedFor);
  }

  @Override
  public void onLoginOutcome(String framework, String username, String peer, String forwardedFor, int result) {
    logins.onLoginOutcome(framework, username, peer, forwardedFor, result);
  }

  @Override
  public void onBlockFailed(RequestContext request, Decision decision) {
    counts.blockFailed();
  }

  /** What the engine counted so far, for the metrics and the shutdown summary: read at collection time, never per request. */
  public CountsSnapshot summary() {
    return counts.snapshot(parts.tables, parts.audit.dropped());
  }

  /** Sends {@code vigil.lockout.expired} for lockouts that have ended; the agent's scheduler calls it every second. */
  public void reportExpiredLockouts() {
    parts.loginEvents.lockoutsEnded(parts.loginGuard.pollExpired());
  }

  /** Whether the app has received a request yet: its startup is over. */
  public boolean anyRequestSeen() {
    return counts.anyRequestSeen();
  }

  /** Where the engine's events go; the agent's scheduler flushes its quiet callers. */
  public EventStream events() {
    return parts.events;
  }

  /** Caller keys currently held across all rules (approximate; bounded by maxKeysPerRule per rule). */
  public long trackedCallers() {
    return parts.tables.trackedCallers();
  }

  /** Keys the behavioural detectors' tables hold (estimated), for tests of their bounds. */
  long detectorKeys() {
    return chain.trackedKeys();
  }

  /** The policy this engine was built from. */
  public Policy policy() {
    return parts.policy;
  }

  /** What this engine took over from the one before a reload, and what it started fresh. */
  public PolicyChanges changes() {
    return parts.changes;
  }

  /** The mode in force now: the policy's, or what an operator switched it to since. */
  public Mode mode() {
    return parts.mode.get();
  }

  /** Switches the mode now, every table kept; returns the mode before. A reload that changes {@code mode:} in the file switches it again. */
  public Mode switchMode(Mode newMode) {
    return parts.mode.set(newMode);
  }

  /** The operator's bans and allows, shared by every engine after a reload. */
  public OperatorLists operatorLists() {
    return parts.operatorLists;
  }

  public TopCallers topCallers() {
    return topCallers;
  }

  /**
   * Forgets everything held against {@code callers} in every scope: login lockouts, failure counts
   * and stuffing tallies, the buckets of the rules that key them (by address or subnet for a
   * network, by user for a user), and the behavioural detectors' refusals and tallies. Returns, by
   * table, how many entries went.
   */
  public Map<String, Integer> unlock(CallerFilter callers) {
    Map<String, Integer> forgotten = new LinkedHashMap<>(parts.loginGuard.forget(callers));
    String user = callers.username() == null ? null : keys.user(callers.username());
    for (CompiledRule rule : parts.rules) {
      int count;
      if (user != null) {
        count = rule.key == KeyType.USER ? rule.buckets.forget(user::equals) : 0;
      } else {
        count = rule.key == KeyType.IP || rule.key == KeyType.SUBNET ? rule.buckets.forget(callers::holdsSource) : 0;
      }
      if (count > 0) {
        forgotten.put("rule " + rule.name, count);
      }
    }
    String[] names = {"scan", "enumeration", "account-takeover"};
    Detector[] detectors = {parts.scan, parts.enumeration, parts.takeover};
    for (int i = 0; i < names.length; i++) {
      int count = detectors[i] == null ? 0 : detectors[i].forget(callers);
      if (count > 0) {
        forgotten.put(names[i], count);
      }
    }
    return forgotten;
  }

  /** An operator's action, timed by the engine's clock, to every sink. */
  public void recordOperator(EventBuilder action) {
    parts.events.publish(requestEvents.withRequest(action, null).build());
  }

  /** The audit file's writer, for the agent's timer: null when no file is configured (a reload cannot add one). */
  public Runnable auditWriter() {
    return parts.audit.configured() ? parts.audit::writeQueued : null;
  }

  /** Writes what the audit file still has queued and closes it. */
  public void close() {
    parts.audit.close();
  }
}
