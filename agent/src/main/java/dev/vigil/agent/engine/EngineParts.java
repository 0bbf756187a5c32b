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
import dev.vigil.agent.config.Policy;
import dev.vigil.agent.config.Rule;
import dev.vigil.agent.config.SameSettings;
import dev.vigil.agent.detect.Detector;
import dev.vigil.agent.detect.DetectorChain;
import dev.vigil.agent.detect.ato.AccountTakeoverDetector;
import dev.vigil.agent.detect.attack.UnderAttackDetector;
import dev.vigil.agent.detect.baseline.Baselines;
import dev.vigil.agent.detect.enumerate.EnumerationDetector;
import dev.vigil.agent.detect.route.FrameworkRoutes;
import dev.vigil.agent.detect.scan.ScanDetector;
import dev.vigil.agent.event.Counts;
import dev.vigil.agent.event.EventStream;
import dev.vigil.agent.login.DeviceCookies;
import dev.vigil.agent.login.LoginGuard;
import dev.vigil.agent.login.LoginRoute;
import dev.vigil.agent.net.CidrSet;
import dev.vigil.agent.telemetry.TelemetrySink;
import dev.vigil.bootstrap.AwaitedPrincipal;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything an {@link Engine} is wired from, built from the policy: the chain — operator bans and
 * allows, deny list (403, rule {@code deny-list}), allow list (passes), login lockouts (a login
 * route's source), scanning, enumeration, under-attack mode, account-takeover follow-through (login
 * outcomes only), then the rate rules in order —, the event stream and its sinks (notices, audit
 * file, telemetry), and the counts. Detectors with nothing to do under the policy (an empty list, no
 * rules) are left out of the chain.
 *
 * <p>Built for a reloaded policy, it takes over from the previous parts whatever the change leaves
 * as it was, each part whose settings are the same ({@link SameSettings}), and says so in {@link
 * PolicyChanges}.
 */
final class EngineParts {
  /** Unlock times are jittered from it, so that they cannot be predicted. */
  private static final SecureRandom LOGIN_JITTER = new SecureRandom();

  final Policy policy;
  final OperatingMode mode;
  final RequestKeys keys;
  final AuditTrail audit;
  final Counts counts;
  final EngineTables tables;
  final LoginLockoutDetector logins;
  final LoginGuard loginGuard;
  final DeviceCookies deviceCookies;
  final EventStream events;
  final RequestEvents requestEvents;
  final DecisionRecorder decisions;
  final LoginRecording loginEvents;
  final OperatorLists operatorLists;
  final TopCallers topCallers;
  final CompiledRule[] rules;
  final ScanDetector scan;
  final EnumerationDetector enumeration;
  final UnderAttackDetector underAttack;
  final AccountTakeoverDetector takeover;
  final DetectorChain chain;
  final Baselines baselines;
  final FrameworkRoutes frameworkRoutes;
  final Ticker ticker;
  final Clock clock;
  /** Whether the sampled requests are timed, for the routes' latency baselines. */
  final boolean timed;
  final PolicyChanges changes = new PolicyChanges();
  /** Whether this engine replaces another's policy (a reload) rather than being the first. */
  final boolean reload;

  /** @param previous the parts of the engine before a reload, whose unchanged state these take over; null at startup */
  EngineParts(Policy policy, Ticker ticker, Clock clock, ApiKeyHasher hasher, TelemetrySink sink, EngineParts previous) {
    EngineParts p = previous;
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
    detectors.add(new OperatorListDetector(operatorLists, keys, new NetworkBlock(OperatorListDetector.RULE, mode, decisions, counts)));
    CidrSet deny = CidrSet.of(policy.deny());
    if (!deny.isEmpty()) {
      detectors.add(new DenyListDetector(deny, keys, new NetworkBlock(DenyListDetector.RULE, mode, decisions, counts)));
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
      // an operator may have switched already: say what the switch does now
      changes.changed(mode.get() == policy.mode() ? "mode: " + policy.mode().yamlName() + " in the file (in force already)"
          : "mode " + mode.get().yamlName() + " -> " + policy.mode().yamlName());
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
  private CompiledRule[] compileRules(Policy policy, EngineParts p) {
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
        if (p != null && (sameState || before == null)) {
          changes.changed("rule " + rule.name() + (before == null ? " added" : " changed (starts fresh)"));
        }
      }
    }
    if (p != null && !sameState) {
      changes.changed("state changed (every rule starts fresh)");
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

  private LoginGuard keepLockouts(Policy policy, EngineParts p) {
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

}
