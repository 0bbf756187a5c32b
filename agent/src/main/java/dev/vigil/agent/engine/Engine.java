package dev.vigil.agent.engine;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.vigil.agent.audit.AuditTrail;
import dev.vigil.agent.audit.DecisionNotices;
import dev.vigil.agent.caller.ApiKeyHasher;
import dev.vigil.agent.caller.CallerKeys;
import dev.vigil.agent.caller.ClientAddressResolver;
import dev.vigil.agent.config.KeyType;
import dev.vigil.agent.config.Mode;
import dev.vigil.agent.config.Policy;
import dev.vigil.agent.config.Rule;
import dev.vigil.agent.event.Counts;
import dev.vigil.agent.event.CountsSnapshot;
import dev.vigil.agent.event.EventStream;
import dev.vigil.agent.event.VigilEvent;
import dev.vigil.agent.limit.RoutePath;
import dev.vigil.agent.login.LoginGuard;
import dev.vigil.agent.login.LoginRoute;
import dev.vigil.agent.net.CidrSet;
import dev.vigil.agent.telemetry.TelemetrySink;
import dev.vigil.bootstrap.AwaitedPrincipal;
import dev.vigil.bootstrap.Decision;
import dev.vigil.bootstrap.RequestFacts;
import dev.vigil.bootstrap.RequestGate;
import java.time.Clock;
import java.util.List;

/**
 * Decides each request: deny list (403, rule {@code deny-list}), then allow list (bypass), then the
 * rules in order, where the first rule that throttles decides (429 with Retry-After). A rule whose
 * key is absent (no API key, no principal) does not apply. Monitor mode, global or per rule,
 * records the decision (counts, audit, notice) and lets the request through.
 *
 * <p>For a known caller with a direct IPv4 peer the path allocates nothing: the peer string is the
 * bucket key, counters are LongAdders and the answer is the shared {@link Decision#ALLOW}.
 */
public final class Engine implements RequestGate {
  public static final String DENY_RULE = "deny-list";
  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final long CLOSE_TIMEOUT_MILLIS = 2_000;
  private static final java.security.SecureRandom LOGIN_JITTER = new java.security.SecureRandom();

  private final Ticker ticker;
  private final ClientAddressResolver clients;
  private final CallerKeys keys;
  private final CidrSet deny;
  private final CidrSet allow;
  private final boolean denyEnforced;
  private final Decision denyDecision = Decision.block(DENY_RULE);
  private final CompiledRule[] rules;
  private final AuditTrail audit;
  private final Counts counts;
  private final EngineTables tables;
  private final LoginProtection logins;
  private final LoginGuard loginGuard;
  private final EventStream events;
  private final RequestEvents requestEvents;
  private final DecisionRecorder decisions;
  private final LoginRecording loginEvents;

  private Engine(Policy policy, Ticker ticker, Clock clock, ApiKeyHasher hasher, TelemetrySink sink) {
    this.ticker = ticker;
    this.clients = new ClientAddressResolver(CidrSet.of(policy.trustedProxies()), policy.clientIpHeader());
    this.keys = new CallerKeys(hasher);
    this.deny = CidrSet.of(policy.deny());
    this.allow = CidrSet.of(policy.allow());
    this.denyEnforced = policy.mode() == Mode.ENFORCE;
    List<Rule> policyRules = policy.rules();
    this.rules = new CompiledRule[policyRules.size()];
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
    this.decisions = new DecisionRecorder(requestEvents, counts, events);
    this.loginEvents = new LoginRecording(decisions, requestEvents, counts, events);
    this.loginGuard = LoginGuard.create(policy.login(), ticker, LOGIN_JITTER::nextLong);
    this.tables = new EngineTables(rules, loginGuard);
    // always on: authentication hooks report attempts even with no login route configured
    this.logins =
        new LoginProtection(
            policy.login().routes().toArray(new LoginRoute[0]),
            loginGuard,
            policy.loginMode() == Mode.ENFORCE,
            clients,
            loginEvents);
  }

  /**
   * @param ticker the only time source for limits (System.nanoTime based; fake in tests)
   * @param clock only for audit timestamps
   */
  public static Engine create(Policy policy, Ticker ticker, Clock clock) {
    return create(policy, ticker, clock, TelemetrySink.NONE);
  }

  /** @param sink where spans, events and metrics go ({@link TelemetrySink#NONE}: nowhere) */
  public static Engine create(Policy policy, Ticker ticker, Clock clock, TelemetrySink sink) {
    return new Engine(policy, ticker, clock, ApiKeyHasher.withRandomSecret(), sink);
  }

  static Engine create(Policy policy, Ticker ticker, Clock clock, ApiKeyHasher hasher) {
    return new Engine(policy, ticker, clock, hasher, TelemetrySink.NONE);
  }

  @Override
  public Decision onRequest(RequestFacts facts) {
    counts.requestSeen();
    String client = clients.resolve(facts.peerAddress, facts.forwardedFor);
    logins.requestStarted(client);
    requestEvents.requestStarted(facts);
    if (!deny.isEmpty() && deny.containsLiteral(client)) {
      return refused(denied(facts, client));
    }
    if (!allow.isEmpty() && allow.containsLiteral(client)) {
      return Decision.ALLOW;
    }
    Decision loginLocked = logins.checkRoute(facts, client);
    if (loginLocked != null) {
      return refused(loginLocked);
    }
    return refused(applyRules(facts, client));
  }

  /** A refused request ends here (the app never runs, no exit follows): what it left for hooks goes. */
  private Decision refused(Decision decision) {
    if (decision.blocks()) {
      logins.requestRefused();
    }
    return decision;
  }

  @Override
  public void onResponse(RequestFacts facts, int status, String location) {
    AwaitedPrincipal.clear();
    logins.onResponse(facts, status, location);
    if (facts.startEpochNanos != 0) {
      requestEvents.requestEnded(facts, clients.resolve(facts.peerAddress, facts.forwardedFor), status);
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

  private Decision denied(RequestFacts facts, String client) {
    decisions.record(facts, VigilEvent.block(DENY_RULE, denyEnforced).caller(KeyType.IP, client).client(client));
    if (denyEnforced) {
      counts.requestBlocked();
      return denyDecision;
    }
    counts.requestMonitored();
    return Decision.ALLOW;
  }

  private Decision applyRules(RequestFacts facts, String client) {
    if (rules.length == 0) {
      return Decision.ALLOW;
    }
    long now = ticker.read();
    String path = RoutePath.normalise(facts.path);
    String subnet = null;
    String apiKey = null;
    boolean monitored = false;
    boolean awaitsPrincipal = false;
    for (CompiledRule rule : rules) {
      if (!rule.matcher.matches(facts.method, path)) {
        continue;
      }
      String key;
      switch (rule.key) {
        case IP:
          key = client;
          break;
        case SUBNET:
          subnet = subnet == null && client != null ? keys.subnet(client) : subnet;
          key = subnet;
          break;
        case APIKEY:
          apiKey = apiKey == null ? keys.apiKey(facts.apiKey) : apiKey;
          key = apiKey;
          break;
        default:
          key = keys.user(facts.principal);
          if (key == null) {
            awaitsPrincipal = true; // a framework may authenticate it further in (Spring Security)
            rule.unkeyedMatch();
          }
          break;
      }
      if (key == null) {
        continue;
      }
      if (rule.key == KeyType.USER) {
        rule.keyed();
      }
      Decision decision = charge(rule, facts, path, client, key, now);
      if (decision != null && decision.blocks()) {
        return decision;
      }
      monitored |= decision != null;
    }
    if (monitored) {
      counts.requestMonitored();
    }
    if (awaitsPrincipal) {
      AwaitedPrincipal.await(facts);
    }
    return Decision.ALLOW;
  }

  /** The rules keyed by user, for a request whose principal an inner entry has just seen. */
  @Override
  public Decision onPrincipal(RequestFacts facts, String principal) {
    String key = keys.user(principal);
    if (key == null) {
      return Decision.ALLOW;
    }
    long now = ticker.read();
    String path = RoutePath.normalise(facts.path);
    String client = null;
    boolean monitored = false;
    for (CompiledRule rule : rules) {
      if (rule.key != KeyType.USER || !rule.matcher.matches(facts.method, path)) {
        continue;
      }
      client = client == null ? clients.resolve(facts.peerAddress, facts.forwardedFor) : client;
      rule.keyed();
      Decision decision = charge(rule, facts, path, client, key, now);
      if (decision != null && decision.blocks()) {
        logins.requestRefused();
        return decision;
      }
      monitored |= decision != null;
    }
    if (monitored) {
      counts.requestMonitored();
    }
    return Decision.ALLOW;
  }

  /**
   * Takes a token from {@code key}'s bucket of {@code rule}: null when there was one, else the
   * decision recorded — a throttle when the rule is enforced, {@link Decision#ALLOW} when monitored.
   */
  private Decision charge(CompiledRule rule, RequestFacts facts, String path, String client, String key, long now) {
    long waitNanos = rule.buckets.tryAcquire(key, now);
    if (waitNanos == 0) {
      return null;
    }
    long retryAfter = Math.max(1, (waitNanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND);
    decisions.record(facts, VigilEvent.throttle(rule.name, rule.enforced, retryAfter).caller(rule.key, key).client(client).route(rule.matcher.matchedRoute(path)));
    if (!rule.enforced) {
      return Decision.ALLOW;
    }
    counts.requestThrottled();
    return Decision.throttle(rule.name, retryAfter);
  }

  @Override
  public void onBlockFailed(RequestFacts facts, Decision decision) {
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

  /** Where the engine's events go; the agent's scheduler flushes its quiet callers. */
  public EventStream events() {
    return events;
  }

  /** Caller keys currently held across all rules (approximate; bounded by maxKeysPerRule per rule). */
  public long trackedCallers() {
    return tables.trackedCallers();
  }

  /** Flushes and stops the audit writer, waiting at most two seconds. */
  public void close() {
    audit.close(CLOSE_TIMEOUT_MILLIS);
  }
}
