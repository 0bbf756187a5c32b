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
import dev.vigil.agent.config.SameSettings;
import dev.vigil.agent.detect.CallerFilter;
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
import dev.vigil.agent.event.EventBuilder;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  private final Policy policy;
  private final OperatingMode mode;
  private final RequestKeys keys;
  private final AuditTrail audit;
  private final Counts counts;
  private final EngineTables tables;
  private final LoginLockoutDetector logins;
  private final LoginGuard loginGuard;
  private final DeviceCookies deviceCookies;
  private final EventStream events;
  private final RequestEvents requestEvents;
  private final DecisionRecorder decisions;
  private final LoginRecording loginEvents;
  private final OperatorLists operatorLists;
  private final TopCallers topCallers;
  private final CompiledRule[] rules;
  private final ScanDetector scan;
  private final EnumerationDetector enumeration;
  private final UnderAttackDetector underAttack;
  private final AccountTakeoverDetector takeover;
  private final DetectorChain chain;
  private final Baselines baselines;
  private final FrameworkRoutes frameworkRoutes;
  private final Ticker ticker;
  private final Clock clock;
  /** Whether the sampled requests are timed, for the routes' latency baselines. */
  private final boolean timed;
  private final PolicyChanges changes = new PolicyChanges();
  /** Whether this engine replaces another's policy (a reload) rather than being the first. */
  private final boolean reload;

  /** @param previous the engine of the policy before a reload, whose unchanged state this one takes over; null at startup */
  private Engine(Policy policy, Ticker ticker, Clock clock, ApiKeyHasher hasher, TelemetrySink sink, Engine previous) {
    Engine p = previous;
    this.reload = p != null;
    this.policy = policy;
    this.ticker = p != null ? p.ticker : ticker;
    this.clock = p != null ? p.clock : clock;
    this.baselines = p != null ? p.baselines : new Baselines(ticker);
    this.frameworkRoutes = baselines.frameworkRoutes();
    ClientAddressResolver resolver = new ClientAddressResolver(CidrSet.of(policy.trustedProxies()), policy.clientIpHeader());
    this.keys = p != null ? p.keys : new RequestKeys(resolver, new CallerKeys(hasher));
    this.mode = p != null ? p.mode : new OperatingMode(policy.mode());
    // the rest of the wiring outlives a reload: counts stay monotonic, the audit file stays open
    this.counts = p != null ? p.counts : new Counts(ticker);
    this.audit = p != null ? p.audit : AuditTrail.start(policy.auditFile(), ticker);
    this.events = p != null ? p.events : new EventStream(List.of(new DecisionNotices(ticker), audit, sink), sink.requestSpans(), sink.enabled());
    this.requestEvents = p != null ? p.requestEvents : new RequestEvents(events, clock);
    this.topCallers = p != null ? p.topCallers : new TopCallers(this.ticker);
    this.decisions = p != null ? p.decisions : new DecisionRecorder(requestEvents, counts, events, topCallers);
    this.loginEvents = p != null ? p.loginEvents : new LoginRecording(decisions, requestEvents, counts, events);
    this.operatorLists = p != null ? p.operatorLists : new OperatorLists(this.ticker);
    if (p != null) {
      describeOutsideTheChain(p.policy);
    }

    this.rules = compileRules(policy, p);
    this.loginGuard = keepLockouts(policy, p);
    this.deviceCookies =
        p != null && p.loginGuard == loginGuard && SameSettings.same(p.policy.login().deviceCookies(), policy.login().deviceCookies())
            ? p.deviceCookies
            : new DeviceCookies(policy.login().deviceCookies(), this.ticker, policy.login().maxTrackedKeys());
    this.tables = new EngineTables(rules, loginGuard);

    List<Detector> detectors = new ArrayList<>();
    detectors.add(new OperatorListDetector(operatorLists, mode, keys, decisions, counts));
    CidrSet deny = CidrSet.of(policy.deny());
    if (!deny.isEmpty()) {
      detectors.add(new DenyListDetector(deny, mode, keys, decisions, counts));
    }
    CidrSet allow = CidrSet.of(policy.allow());
    if (!allow.isEmpty()) {
      detectors.add(new AllowListDetector(allow, keys));
    }
    // always in the chain: authentication hooks report attempts even with no login route configured
    this.logins =
        p != null && p.loginGuard == loginGuard && p.deviceCookies == deviceCookies && SameSettings.same(p.policy.login(), policy.login())
            ? p.logins
            : new LoginLockoutDetector(
                policy.login().routes().toArray(new LoginRoute[0]), loginGuard, new KnownDevices(deviceCookies, loginGuard),
                policy.login().enforced() != Boolean.FALSE, mode, keys, loginEvents, p == null ? null : p.logins);
    detectors.add(logins);
    // before the rate rules: a refused scanner's requests spend no caller's budget
    DetectorSettings behaviour = policy.detectors();
    int maxCallers = policy.state().maxKeysPerRule();
    boolean sameCallers = p != null && p.policy.state().maxKeysPerRule() == maxCallers;
    this.scan =
        behaviour.scan.action == DetectorAction.OFF ? null
            : keep("detectors.scan", p == null ? null : p.scan, sameCallers && SameSettings.same(p.policy.detectors().scan, behaviour.scan),
                () -> new ScanDetector(behaviour.scan, mode, maxCallers, this.ticker, keys, decisions));
    this.enumeration =
        behaviour.enumeration.action == DetectorAction.OFF ? null
            : keep("detectors.enumeration", p == null ? null : p.enumeration,
                sameCallers && SameSettings.same(p.policy.detectors().enumeration, behaviour.enumeration),
                () -> new EnumerationDetector(behaviour.enumeration, mode, maxCallers, this.ticker, keys, decisions, baselines));
    this.underAttack =
        behaviour.underAttack.action == DetectorAction.OFF ? null
            : keep("detectors.underAttack", p == null ? null : p.underAttack, p != null && SameSettings.same(p.policy.detectors().underAttack, behaviour.underAttack),
                () -> new UnderAttackDetector(
                    behaviour.underAttack, mode, this.ticker, keys, decisions, baselines.checkedRoutes(), baselines.routes(behaviour.underAttack.intervalNanos)));
    this.takeover =
        behaviour.accountTakeover == DetectorAction.OFF ? null
            : keep("detectors.accountTakeover", p == null ? null : p.takeover,
                p != null && p.policy.login().maxTrackedKeys() == policy.login().maxTrackedKeys(),
                () -> new AccountTakeoverDetector(policy.login().maxTrackedKeys(), this.ticker, decisions));
    for (Detector detector : new Detector[] {scan, enumeration, underAttack, takeover}) {
      if (detector != null) {
        detectors.add(detector);
      }
    }
    if (p != null) {
      String[] names = {"detectors.scan", "detectors.enumeration", "detectors.underAttack", "detectors.accountTakeover"};
      Detector[][] pairs = {{p.scan, scan}, {p.enumeration, enumeration}, {p.underAttack, underAttack}, {p.takeover, takeover}};
      for (int i = 0; i < names.length; i++) {
        if (pairs[i][0] != null && pairs[i][1] == null) {
          changes.changed(names[i] + " turned off");
        }
      }
    }
    this.timed = underAttack != null;
    if (rules.length > 0) {
      detectors.add(new RateRuleDetector(rules, this.ticker, keys, decisions, counts));
    }
    this.chain = new DetectorChain(detectors);
    // last, once nothing above can fail: what the previous engine shares changes only now
    if (p != null) {
      keys.resolveWith(resolver);
      if (p.policy.mode() != policy.mode()) {
        mode.set(policy.mode());
      }
    }
    AwaitedPrincipal.enable(anyUserRule(rules));
    logins.reportTo(chain);
  }

  private static boolean anyUserRule(CompiledRule[] rules) {
    for (CompiledRule rule : rules) {
      if (rule.key == KeyType.USER) {
        return true;
      }
    }
    return false;
  }

  /** The policy's parts that no table is built from: said when they change, and what needs a restart. */
  private void describeOutsideTheChain(Policy before) {
    if (before.mode() != policy.mode()) {
      changes.changed("mode " + mode.get().yamlName() + " -> " + policy.mode().yamlName());
    }
    String[] names = {"trustedProxies", "clientIpHeader", "apiKeyHeader", "deny", "allow"};
    Object[][] values = {
      {before.trustedProxies(), policy.trustedProxies()}, {before.clientIpHeader(), policy.clientIpHeader()},
      {before.apiKeyHeader(), policy.apiKeyHeader()}, {before.deny(), policy.deny()}, {before.allow(), policy.allow()}};
    for (int i = 0; i < names.length; i++) {
      if (!SameSettings.same(values[i][0], values[i][1])) {
        changes.changed(names[i] + " changed");
      }
    }
    if (!SameSettings.same(before.auditFile(), policy.auditFile())) {
      changes.changed("audit.file changed: needs a restart (still writing " + (before.auditFile() == null ? "none" : before.auditFile()) + ")");
    }
    if (!SameSettings.same(before.telemetry(), policy.telemetry())) {
      changes.changed("telemetry changed: needs a restart");
    }
    if (!SameSettings.same(before.login().methods(), policy.login().methods())) {
      changes.changed("login.methods changed: needs a restart (methods are woven at startup)");
    }
  }

  /** Each rule's table kept when neither it nor the state limits changed; a changed rule starts fresh. */
  private CompiledRule[] compileRules(Policy policy, Engine p) {
    List<Rule> policyRules = policy.rules();
    CompiledRule[] compiled = new CompiledRule[policyRules.size()];
    boolean sameState = p != null && SameSettings.same(p.policy.state(), policy.state());
    List<String> keptRules = new ArrayList<>();
    for (int i = 0; i < compiled.length; i++) {
      Rule rule = policyRules.get(i);
      CompiledRule before = p == null ? null : p.ruleNamed(rule.name());
      if (before != null && sameState && SameSettings.same(before.rule, rule)) {
        compiled[i] = before;
        keptRules.add(rule.name());
      } else {
        compiled[i] = new CompiledRule(rule, mode, policy.state(), ticker);
        if (p != null) {
          changes.changed("rule " + rule.name() + (before == null ? " added" : " changed (starts fresh)"));
        }
      }
    }
    if (p != null) {
      for (CompiledRule old : p.rules) {
        if (policy.rules().stream().noneMatch(r -> r.name().equals(old.name))) {
          changes.changed("rule " + old.name + " removed");
        }
      }
      if (!keptRules.isEmpty()) {
        changes.kept((keptRules.size() == 1 ? "rule " : "rules ") + String.join(", ", keptRules));
      }
    }
    return compiled;
  }

  private LoginGuard keepLockouts(Policy policy, Engine p) {
    if (p != null && SameSettings.same(p.policy.login().lockoutSettingsOnly(), policy.login().lockoutSettingsOnly())) {
      changes.kept("login lockouts");
      if (!SameSettings.same(p.policy.login().routes(), policy.login().routes()) || !java.util.Objects.equals(p.policy.login().enforced(), policy.login().enforced())) {
        changes.changed("login routes or mode changed");
      }
      if (!SameSettings.same(p.policy.login().deviceCookies(), policy.login().deviceCookies())) {
        changes.changed("login.deviceCookies changed (every device is new: known-device cookies issued so far no longer vouch)");
      }
      return p.loginGuard;
    }
    if (p != null) {
      changes.changed("login lockout settings changed (lockouts start fresh)");
    }
    return new LoginGuard(policy.login(), ticker, LOGIN_JITTER::nextLong);
  }

  private <D> D keep(String what, D before, boolean same, java.util.function.Supplier<D> fresh) {
    if (before != null && same) {
      changes.kept(what);
      return before;
    }
    if (reload) {
      changes.changed(what + (before == null ? " turned on" : " changed (starts fresh)"));
    }
    return fresh.get();
  }

  private CompiledRule ruleNamed(String name) {
    for (CompiledRule rule : rules) {
      if (rule.name.equals(name)) {
        return rule;
      }
    }
    return null;
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
   * An engine for a reloaded policy: it takes over {@code previous}'s ticker, counts, audit trail,
   * event sinks, mode switch, operator bans, baselines, and the tables of every rule, detector and
   * lockout scope whose settings did not change ({@link #changes()} says which).
   */
  public static Engine reloaded(Engine previous, Policy policy) {
    return new Engine(policy, previous.ticker, previous.clock, null, TelemetrySink.NONE, previous);
  }

  static Engine create(Policy policy, Ticker ticker, Clock clock, ApiKeyHasher hasher) {
    return new Engine(policy, ticker, clock, hasher, TelemetrySink.NONE, null);
  }

  @Override
  public Decision onRequest(RequestContext request) {
    counts.requestSeen();
    if (ThreadLocalRandom.current().nextInt(TopCallers.SAMPLE_ONE_IN) == 0) {
      if (timed) {
        request.startNanos = ticker.read();
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

  /** The policy this engine was built from. */
  public Policy policy() {
    return policy;
  }

  /** What this engine took over from the one before a reload, and what it started fresh. */
  public PolicyChanges changes() {
    return changes;
  }

  /** The mode in force now: the policy's, or what an operator switched it to since. */
  public Mode mode() {
    return mode.get();
  }

  /** Switches the mode now, every table kept; returns the mode before. A reload that changes {@code mode:} in the file switches it again. */
  public Mode switchMode(Mode newMode) {
    return mode.set(newMode);
  }

  /** The operator's bans and allows, shared by every engine after a reload. */
  public OperatorLists operatorLists() {
    return operatorLists;
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
    Map<String, Integer> forgotten = new LinkedHashMap<>(loginGuard.forget(callers));
    String user = callers.username() == null ? null : keys.user(callers.username());
    for (CompiledRule rule : rules) {
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
    Detector[] detectors = {scan, enumeration, takeover};
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
    events.publish(requestEvents.withRequest(action, null).build());
  }

  /** Flushes and stops the audit writer, waiting at most two seconds. */
  public void close() {
    audit.close(CLOSE_TIMEOUT_MILLIS);
  }
}
