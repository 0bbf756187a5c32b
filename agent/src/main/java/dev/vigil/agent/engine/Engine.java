package dev.vigil.agent.engine;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.vigil.agent.audit.AuditTrail;
import dev.vigil.agent.caller.ApiKeyHasher;
import dev.vigil.agent.caller.CallerKeys;
import dev.vigil.agent.caller.ClientAddressResolver;
import dev.vigil.agent.config.KeyType;
import dev.vigil.agent.config.Mode;
import dev.vigil.agent.config.Policy;
import dev.vigil.agent.config.Rule;
import dev.vigil.agent.login.LoginGuard;
import dev.vigil.agent.login.LoginRoute;
import dev.vigil.agent.net.CidrSet;
import dev.vigil.agent.detect.Detector;
import dev.vigil.agent.detect.DetectorChain;
import dev.vigil.agent.telemetry.EngineStats;
import dev.vigil.agent.telemetry.TelemetrySink;
import dev.vigil.bootstrap.AwaitedPrincipal;
import dev.vigil.bootstrap.Decision;
import dev.vigil.bootstrap.RequestContext;
import dev.vigil.bootstrap.RequestGate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The loop over the detector chain, and the one place the chain is wired from the policy: deny list
 * (403, rule {@code deny-list}), allow list (passes), login lockouts (a login route's source), then
 * the rate rules in order. Detectors with nothing to do under the policy (an empty list, no rules)
 * are left out of the chain. Monitor mode, global or per rule, records the decision (counts, audit,
 * notice) and lets the request through.
 *
 * <p>For a known caller with a direct IPv4 peer the path allocates nothing: the peer string is the
 * bucket key, counters are LongAdders and the answer is the shared {@link Decision#ALLOW}.
 */
public final class Engine implements RequestGate {
  public static final String DENY_RULE = DenyListDetector.RULE;
  private static final long CLOSE_TIMEOUT_MILLIS = 2_000;
  private static final int TOP_CALLERS = 5;
  private static final java.security.SecureRandom LOGIN_JITTER = new java.security.SecureRandom();

  private final RequestKeys keys;
  private final CompiledRule[] rules;
  private final AuditTrail audit;
  private final DecisionCounters counters = new DecisionCounters();
  private final ThrottledCallers throttledCallers;
  private final LoginLockoutDetector logins;
  private final LoginGuard loginGuard;
  private final RuleTallies tallies = new RuleTallies();
  private final DecisionTelemetry telemetry;
  private final DetectorChain chain;

  private Engine(Policy policy, Ticker ticker, Clock clock, ApiKeyHasher hasher, TelemetrySink sink) {
    this.keys =
        new RequestKeys(new ClientAddressResolver(CidrSet.of(policy.trustedProxies()), policy.clientIpHeader()), new CallerKeys(hasher));
    List<Rule> policyRules = policy.rules();
    this.rules = new CompiledRule[policyRules.size()];
    boolean anyUserRule = false;
    for (int i = 0; i < rules.length; i++) {
      rules[i] = new CompiledRule(policyRules.get(i), policy.mode(), policy.state(), ticker);
      anyUserRule |= rules[i].key == KeyType.USER;
    }
    AwaitedPrincipal.enable(anyUserRule);
    this.throttledCallers = new ThrottledCallers(ticker);
    this.telemetry = new DecisionTelemetry(sink, clock);
    this.audit = AuditTrail.start(policy.auditFile(), ticker);
    DecisionRecorder decisions = new DecisionRecorder(clock, audit, throttledCallers, tallies, telemetry);
    this.loginGuard = new LoginGuard(policy.login(), ticker, LOGIN_JITTER::nextLong);
    // always in the chain: authentication hooks report attempts even with no login route configured
    this.logins =
        new LoginLockoutDetector(
            policy.login().routes().toArray(new LoginRoute[0]),
            loginGuard,
            policy.loginMode() == Mode.ENFORCE,
            keys,
            new LoginRecording(decisions, counters, audit, clock, telemetry));
    List<Detector> detectors = new ArrayList<>();
    CidrSet deny = CidrSet.of(policy.deny());
    if (!deny.isEmpty()) {
      detectors.add(new DenyListDetector(deny, policy.mode() == Mode.ENFORCE, keys, decisions, counters));
    }
    CidrSet allow = CidrSet.of(policy.allow());
    if (!allow.isEmpty()) {
      detectors.add(new AllowListDetector(allow, keys));
    }
    detectors.add(logins);
    if (rules.length > 0) {
      detectors.add(new RateRuleDetector(rules, ticker, keys, decisions, counters));
    }
    this.chain = new DetectorChain(detectors);
    logins.reportTo(chain);
  }

  /**
   * @param ticker the only time source for limits (System.nanoTime based; fake in tests)
   * @param clock only for audit timestamps
   */
  public static Engine create(Policy policy, Ticker ticker, Clock clock) {
    return create(policy, ticker, clock, TelemetrySink.NONE);
  }

  /** @param sink where spans and events go ({@link TelemetrySink#NONE}: nowhere) */
  public static Engine create(Policy policy, Ticker ticker, Clock clock, TelemetrySink sink) {
    return new Engine(policy, ticker, clock, ApiKeyHasher.withRandomSecret(), sink);
  }

  static Engine create(Policy policy, Ticker ticker, Clock clock, ApiKeyHasher hasher) {
    return new Engine(policy, ticker, clock, hasher, TelemetrySink.NONE);
  }

  @Override
  public Decision onRequest(RequestContext request) {
    counters.requests.increment();
    logins.requestStarted(request);
    telemetry.requestStarted(request);
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
    chain.onResponse(request, status, location);
    if (request.startEpochNanos != 0) {
      telemetry.requestEnded(request, keys.client(request), status);
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
    counters.blockFailed.increment();
  }

  public EngineSummary summary() {
    Map<String, Long> top = throttledCallers.top(TOP_CALLERS);
    return new EngineSummary(
        counters.requests.sum(),
        counters.throttled.sum(),
        counters.blocked.sum(),
        counters.monitored.sum(),
        counters.blockFailed.sum(),
        audit.dropped(),
        top);
  }

  /** Sends {@code vigil.lockout.expired} for lockouts that have ended; the telemetry thread calls it about once a second. */
  public void reportExpiredLockouts() {
    telemetry.lockoutsExpired(loginGuard.pollExpired());
  }

  /** Totals for the metrics: read at collection time, never per request. */
  public EngineStats stats() {
    return new EngineMetrics(counters, tallies, rules, loginGuard);
  }

  /** Caller keys currently held across all rules (approximate; bounded by maxKeysPerRule per rule). */
  public long trackedCallers() {
    return stats().trackedCallers();
  }

  /** Flushes and stops the audit writer, waiting at most two seconds. */
  public void close() {
    audit.close(CLOSE_TIMEOUT_MILLIS);
  }
}
