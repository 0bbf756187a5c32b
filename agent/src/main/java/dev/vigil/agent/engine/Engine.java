package dev.vigil.agent.engine;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.vigil.agent.audit.AuditEvent;
import dev.vigil.agent.audit.AuditTrail;
import dev.vigil.agent.caller.ApiKeyHasher;
import dev.vigil.agent.caller.CallerKeys;
import dev.vigil.agent.caller.ClientAddressResolver;
import dev.vigil.agent.config.KeyType;
import dev.vigil.agent.config.Mode;
import dev.vigil.agent.config.Policy;
import dev.vigil.agent.config.Rule;
import dev.vigil.agent.limit.RoutePath;
import dev.vigil.agent.login.LoginGuard;
import dev.vigil.agent.login.LoginOutcome;
import dev.vigil.agent.login.LoginRoute;
import dev.vigil.agent.login.LoginVerdict;
import dev.vigil.agent.net.CidrSet;
import dev.vigil.bootstrap.Decision;
import dev.vigil.bootstrap.RequestFacts;
import dev.vigil.bootstrap.RequestGate;
import java.time.Clock;
import java.util.List;
import java.util.Map;

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
  private static final int TOP_CALLERS = 5;
  private static final java.security.SecureRandom LOGIN_JITTER = new java.security.SecureRandom();

  private final Ticker ticker;
  private final Clock clock;
  private final ClientAddressResolver clients;
  private final CallerKeys keys;
  private final CidrSet deny;
  private final CidrSet allow;
  private final boolean denyEnforced;
  private final Decision denyDecision = Decision.block(DENY_RULE);
  private final CompiledRule[] rules;
  private final AuditTrail audit;
  private final DecisionCounters counters = new DecisionCounters();
  private final ThrottledCallers throttledCallers;
  private final LoginRoute[] loginRoutes;
  private final LoginGuard loginGuard;
  private final boolean loginEnforced;
  /**
   * Per thread: {client of the current request, username and client an authentication hook
   * recorded}. The client lets a hook without the HTTP request (a realm called from the app) key
   * its attempt by source; the recorded pair lets a login route skip an attempt a hook already
   * counted. Strings only, never the request.
   */
  private final ThreadLocal<String[]> loginThread = ThreadLocal.withInitial(() -> new String[3]);

  private Engine(Policy policy, Ticker ticker, Clock clock, ApiKeyHasher hasher) {
    this.ticker = ticker;
    this.clock = clock;
    this.clients = new ClientAddressResolver(CidrSet.of(policy.trustedProxies()));
    this.keys = new CallerKeys(hasher);
    this.deny = CidrSet.of(policy.deny());
    this.allow = CidrSet.of(policy.allow());
    this.denyEnforced = policy.mode() == Mode.ENFORCE;
    List<Rule> policyRules = policy.rules();
    this.rules = new CompiledRule[policyRules.size()];
    for (int i = 0; i < rules.length; i++) {
      rules[i] = new CompiledRule(policyRules.get(i), policy.mode(), policy.state(), ticker);
    }
    this.throttledCallers = new ThrottledCallers(ticker);
    this.loginRoutes = policy.login().routes().toArray(new LoginRoute[0]);
    // always on: authentication hooks report attempts even with no login route configured
    this.loginGuard = LoginGuard.create(policy.login(), ticker, LOGIN_JITTER::nextLong);
    this.loginEnforced = policy.loginMode() == Mode.ENFORCE;
    this.audit = AuditTrail.start(policy.auditFile(), ticker);
  }

  /**
   * @param ticker the only time source for limits (System.nanoTime based; fake in tests)
   * @param clock only for audit timestamps
   */
  public static Engine create(Policy policy, Ticker ticker, Clock clock) {
    return new Engine(policy, ticker, clock, ApiKeyHasher.withRandomSecret());
  }

  static Engine create(Policy policy, Ticker ticker, Clock clock, ApiKeyHasher hasher) {
    return new Engine(policy, ticker, clock, hasher);
  }

  @Override
  public Decision onRequest(RequestFacts facts) {
    counters.requests.increment();
    String client = clients.resolve(facts.peerAddress, facts.forwarded, facts.xForwardedFor);
    loginThread.get()[0] = client;
    if (!deny.isEmpty() && deny.containsLiteral(client)) {
      return denied(facts, client);
    }
    if (!allow.isEmpty() && allow.containsLiteral(client)) {
      return Decision.ALLOW;
    }
    if (loginRoutes.length > 0) {
      Decision locked = checkLogin(facts, client);
      if (locked != null) {
        return locked;
      }
    }
    return applyRules(facts, client);
  }

  /** A login attempt from a locked-out source is refused before the app checks the password. */
  private Decision checkLogin(RequestFacts facts, String client) {
    LoginRoute route = loginRoute(facts);
    if (route == null) {
      return null;
    }
    LoginVerdict verdict = loginGuard.check(route.username(facts.request), client);
    if (verdict.allowed()) {
      return null;
    }
    record(facts.method, facts.path, client, AuditEvent.THROTTLE, verdict.rule(), KeyType.IP, client, loginEnforced, 429, verdict.retryAfterSeconds());
    if (!loginEnforced) {
      counters.monitored.increment();
      return null;
    }
    counters.throttled.increment();
    return Decision.throttle(verdict.rule(), verdict.retryAfterSeconds());
  }

  private LoginRoute loginRoute(RequestFacts facts) {
    String path = RoutePath.normalise(facts.path);
    for (LoginRoute route : loginRoutes) {
      if (route.matches(facts.method, path)) {
        return route;
      }
    }
    return null;
  }

  /** A login route's outcome, read from what the app answered, feeds the lockouts. */
  @Override
  public void onResponse(RequestFacts facts, int status, String location) {
    String[] thread = loginThread.get();
    thread[0] = null;
    String hookUser = thread[1];
    String hookClient = thread[2];
    thread[1] = null;
    thread[2] = null;
    if (loginRoutes.length == 0) {
      return;
    }
    LoginRoute route = loginRoute(facts);
    if (route == null) {
      return;
    }
    LoginOutcome outcome = route.outcome(status, location);
    if (outcome != null) {
      String client = clients.resolve(facts.peerAddress, facts.forwarded, facts.xForwardedFor);
      String username = route.username(facts.request);
      if (hookClient != null && hookClient.equals(client) && java.util.Objects.equals(hookUser, username)) {
        return; // an authentication hook already counted this attempt
      }
      loginGuard.record(username, client, outcome);
    }
  }

  /**
   * An authentication hook's attempt: a locked source is audited and counted like a login route's
   * lockout, and in enforce mode the hook fails the authentication before the password check.
   */
  @Override
  public boolean onLoginAttempt(String framework, String username, String peer, String forwarded, String xForwardedFor) {
    String client = hookClient(peer, forwarded, xForwardedFor);
    LoginVerdict verdict = loginGuard.check(username, client);
    if (verdict.allowed()) {
      return false;
    }
    record(null, "auth:" + framework, client, AuditEvent.THROTTLE, verdict.rule(), KeyType.IP, client, loginEnforced, 401, verdict.retryAfterSeconds());
    if (!loginEnforced) {
      counters.monitored.increment();
      return false;
    }
    counters.throttled.increment();
    return true;
  }

  @Override
  public void onLoginOutcome(String framework, String username, String peer, String forwarded, String xForwardedFor, boolean success) {
    String client = hookClient(peer, forwarded, xForwardedFor);
    loginGuard.record(username, client, success ? LoginOutcome.SUCCESS : LoginOutcome.FAILURE);
    if (client != null) {
      String[] thread = loginThread.get();
      thread[1] = username;
      thread[2] = client;
    }
  }

  /** The hook's own view of the caller if it has one, else the current request's client (or null: username only). */
  private String hookClient(String peer, String forwarded, String xForwardedFor) {
    if (peer != null) {
      return clients.resolve(peer, forwarded, xForwardedFor);
    }
    return loginThread.get()[0];
  }

  private Decision denied(RequestFacts facts, String client) {
    record(facts.method, facts.path, client, AuditEvent.BLOCK, DENY_RULE, KeyType.IP, client, denyEnforced, 403, -1);
    if (denyEnforced) {
      counters.blocked.increment();
      return denyDecision;
    }
    counters.monitored.increment();
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
          break;
      }
      if (key == null) {
        continue;
      }
      long waitNanos = rule.buckets.tryAcquire(key, now);
      if (waitNanos == 0) {
        continue;
      }
      long retryAfter = Math.max(1, (waitNanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND);
      record(facts.method, facts.path, client, AuditEvent.THROTTLE, rule.name, rule.key, key, rule.enforced, 429, retryAfter);
      if (rule.enforced) {
        counters.throttled.increment();
        return Decision.throttle(rule.name, retryAfter);
      }
      monitored = true;
    }
    if (monitored) {
      counters.monitored.increment();
    }
    return Decision.ALLOW;
  }

  private void record(
      String method, String path, String client, String action, String rule, KeyType keyType, String key, boolean enforced, int status, long retryAfter) {
    String displayKey = CallerKeys.display(keyType, key == null ? "unknown" : key);
    if (AuditEvent.THROTTLE.equals(action)) {
      throttledCallers.count(displayKey);
    }
    audit.record(new AuditEvent(clock.instant(), action, enforced, rule, displayKey, client, method, path, status, retryAfter));
  }

  @Override
  public void onBlockFailed(RequestFacts facts, Decision decision) {
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

  /** Caller keys currently held across all rules (approximate; bounded by maxKeysPerRule per rule). */
  public long trackedCallers() {
    long total = 0;
    for (CompiledRule rule : rules) {
      rule.buckets.cleanUp();
      total += rule.buckets.estimatedSize();
    }
    return total;
  }

  /** Flushes and stops the audit writer, waiting at most two seconds. */
  public void close() {
    audit.close(CLOSE_TIMEOUT_MILLIS);
  }
}
