package dev.vigil.agent.engine;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.vigil.agent.audit.AuditTrail;
import dev.vigil.agent.audit.DecisionNotices;
import dev.vigil.agent.caller.ApiKeyHasher;
import dev.vigil.agent.caller.CallerKeys;
import dev.vigil.agent.caller.ClientAddressResolver;
import dev.vigil.agent.config.DetectorAction;
import dev.vigil.agent.config.DetectorSettings;
import dev.vigil.agent.config.KeyType;
import dev.vigil.agent.config.Mode;
import dev.vigil.agent.config.Policy;
import dev.vigil.agent.config.Rule;
import dev.vigil.agent.detect.Detector;
import dev.vigil.agent.detect.ato.AccountTakeoverDetector;
import dev.vigil.agent.detect.attack.UnderAttackDetector;
import dev.vigil.agent.detect.baseline.Baselines;
import dev.vigil.agent.detect.route.FrameworkRoutes;
import dev.vigil.agent.detect.enumerate.EnumerationDetector;
import dev.vigil.agent.detect.scan.ScanDetector;
import dev.vigil.agent.detect.DetectorChain;
import dev.vigil.agent.event.Counts;
import dev.vigil.agent.event.CountsSnapshot;
import dev.vigil.agent.event.EventStream;
import dev.vigil.agent.login.DeviceCookies;
import dev.vigil.agent.login.LoginGuard;
import dev.vigil.agent.login.LoginRoute;
import dev.vigil.agent.net.CidrSet;
import dev.vigil.agent.telemetry.TelemetrySink;
import dev.vigil.bootstrap.AwaitedPrincipal;
import dev.vigil.bootstrap.Decision;
import dev.vigil.bootstrap.RequestContext;
import dev.vigil.bootstrap.RequestGate;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The loop over the detector chain, and the one place everything is wired from the policy: the chain
 * — deny list (403, rule {@code deny-list}), allow list (passes), login lockouts (a login route's
 * source), scanning, enumeration, under-attack mode, account-takeover follow-through (login outcomes only), then the rate rules in order —, the event stream and its sinks (notices, audit file,
 * telemetry), and the counts. Detectors with nothing to do under the policy (an empty list, no rules)
 * are left out of the chain. Monitor mode, global or per rule, records the decision and lets the
 * request through.
 *
 * <p>For a known caller with a direct IPv4 peer the path allocates nothing: the peer string is the
 * bucket key, counters are LongAdders and the answer is the shared {@link Decision#ALLOW}.
 */
public final class Engine implements RequestGate {
  private static final long CLOSE_TIMEOUT_MILLIS = 2_000;
  /** Unlock times are jittered from it, so that they cannot be predicted. */
  private static final SecureRandom LOGIN_JITTER = new SecureRandom();
  private static final int TIMED_ONE_IN = 16;

  private final RequestKeys keys;
  private final AuditTrail audit;
  private final Counts counts;
  private final EngineTables tables;
  private final LoginLockoutDetector logins;
  private final LoginGuard loginGuard;
  private final EventStream events;
  private final RequestEvents requestEvents;
  private final LoginRecording loginEvents;
  private final DetectorChain chain;
  private final Baselines baselines;
  private final FrameworkRoutes frameworkRoutes;
  private final Ticker ticker;
  /** One request in this many is timed, for the routes' latency baselines. */
  private final int timedOneIn;

  private Engine(Policy policy, Ticker ticker, Clock clock, ApiKeyHasher hasher, TelemetrySink sink, Baselines learned) {
    this.ticker = ticker;
    this.baselines = learned != null ? learned : new Baselines(ticker);
    this.frameworkRoutes = baselines.frameworkRoutes();
    this.keys =
        new RequestKeys(new ClientAddressResolver(CidrSet.of(policy.trustedProxies()), policy.clientIpHeader()), new CallerKeys(hasher));
    List<Rule> policyRules = policy.rules();
    CompiledRule[] rules = new CompiledRule[policyRules.size()];
    boolean anyUserRule = false;
    for (int i = 0; i < rules.length; i++) {
      rules[i] = new CompiledRule(policyRules.get(i), policy.mode(), policy.state(), ticker);
      anyUserRule |= rules[i].key == KeyType.USER;
    }
    AwaitedPrincipal.enable(anyUserRule);
    this.counts = new Counts(ticker);
    this.audit = AuditTrail.start(policy.auditFile(), ticker);
    this.events = new EventStream(List.of(new DecisionNotices(ticker), audit, sink), sink.requestSpans(), sink.enabled());
    this.requestEvents = new RequestEvents(events, clock);
    DecisionRecorder decisions = new DecisionRecorder(requestEvents, counts, events);
    this.loginEvents = new LoginRecording(decisions, requestEvents, counts, events);
    this.loginGuard = new LoginGuard(policy.login(), ticker, LOGIN_JITTER::nextLong);
    this.tables = new EngineTables(rules, loginGuard);

    List<Detector> detectors = new ArrayList<>();
    CidrSet deny = CidrSet.of(policy.deny());
    if (!deny.isEmpty()) {
      detectors.add(new DenyListDetector(deny, policy.mode() == Mode.ENFORCE, keys, decisions, counts));
    }
    CidrSet allow = CidrSet.of(policy.allow());
    if (!allow.isEmpty()) {
      detectors.add(new AllowListDetector(allow, keys));
    }
    // always in the chain: authentication hooks report attempts even with no login route configured
    this.logins =
        new LoginLockoutDetector(
            policy.login().routes().toArray(new LoginRoute[0]), loginGuard,
            new KnownDevices(new DeviceCookies(policy.login().deviceCookies(), ticker, policy.login().maxTrackedKeys()), loginGuard),
            policy.loginMode() == Mode.ENFORCE, keys, loginEvents);
    detectors.add(logins);
    // before the rate rules: a refused scanner's requests spend no caller's budget
    DetectorSettings behaviour = policy.detectors();
    int maxCallers = policy.state().maxKeysPerRule();
    if (behaviour.scan.action != DetectorAction.OFF) {
      detectors.add(new ScanDetector(behaviour.scan, policy.mode(), maxCallers, ticker, keys, decisions));
    }
    if (behaviour.enumeration.action != DetectorAction.OFF) {
      detectors.add(new EnumerationDetector(behaviour.enumeration, policy.mode(), maxCallers, ticker, keys, decisions, baselines));
    }
    if (behaviour.underAttack.action != DetectorAction.OFF) {
      detectors.add(
          new UnderAttackDetector(
              behaviour.underAttack, policy.mode(), ticker, keys, decisions, baselines.checkedRoutes(), baselines.routes(behaviour.underAttack.intervalNanos)));
    }
    this.timedOneIn = behaviour.underAttack.action != DetectorAction.OFF ? TIMED_ONE_IN : 0;
    if (behaviour.accountTakeover != DetectorAction.OFF) {
      detectors.add(new AccountTakeoverDetector(policy.login().maxTrackedKeys(), ticker, decisions));
    }
    if (rules.length > 0) {
      detectors.add(new RateRuleDetector(rules, ticker, keys, decisions, counts));
    }
    this.chain = new DetectorChain(detectors);
    logins.reportTo(chain);
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
    return new Engine(policy, ticker, clock, ApiKeyHasher.withRandomSecret(), sink, null);
  }

  /**
   * An engine for a changed policy that keeps what {@code previous} learned about the app ({@link
   * #baselines()}); the same ticker as the previous engine's.
   */
  public static Engine create(Policy policy, Ticker ticker, Clock clock, TelemetrySink sink, Baselines previous) {
    return new Engine(policy, ticker, clock, ApiKeyHasher.withRandomSecret(), sink, previous);
  }

  static Engine create(Policy policy, Ticker ticker, Clock clock, ApiKeyHasher hasher) {
    return new Engine(policy, ticker, clock, hasher, TelemetrySink.NONE, null);
  }

  @Override
  public Decision onRequest(RequestContext request) {
    counts.requestSeen();
    if (timedOneIn > 0 && ThreadLocalRandom.current().nextInt(timedOneIn) == 0) {
      request.startNanos = ticker.read();
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
    return chain.onPrincipal(request, principal);
  }

  @Override
  public void onResponse(RequestContext request, int status, String location) {
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
    return counts.snapshot(tables, audit.dropped());
  }

  /** Sends {@code vigil.lockout.expired} for lockouts that have ended; the agent's scheduler calls it every second. */
  public void reportExpiredLockouts() {
    loginEvents.lockoutsEnded(loginGuard.pollExpired());
  }

  /** Whether the app has received a request yet: its startup is over. */
  public boolean anyRequestSeen() {
    return counts.anyRequestSeen();
  }

  /** Where the engine's events go; the agent's scheduler flushes its quiet callers. */
  public EventStream events() {
    return events;
  }

  /** What the detectors learned about the app, for an engine built for a changed policy. */
  public Baselines baselines() {
    return baselines;
  }

  /** Caller keys currently held across all rules (approximate; bounded by maxKeysPerRule per rule). */
  public long trackedCallers() {
    return tables.trackedCallers();
  }

  /** Keys the behavioural detectors' tables hold (estimated), for tests of their bounds. */
  long detectorKeys() {
    return chain.trackedKeys();
  }

  /** Flushes and stops the audit writer, waiting at most two seconds. */
  public void close() {
    audit.close(CLOSE_TIMEOUT_MILLIS);
  }
}
