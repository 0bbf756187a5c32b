package dev.vigil.agent.engine;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.vigil.agent.config.KeyType;
import dev.vigil.agent.config.Mode;
import dev.vigil.agent.config.Rule;
import dev.vigil.agent.config.StateLimits;
import dev.vigil.agent.config.StaticAssets;
import dev.vigil.agent.limit.BucketShape;
import dev.vigil.agent.limit.BucketTable;
import dev.vigil.agent.limit.RequestMatcher;
import dev.vigil.agent.limit.StaticAssetPath;
import dev.vigil.bootstrap.AgentLog;
import dev.vigil.bootstrap.Decision;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/** A policy rule made ready for the hot path: its matcher, its bucket table, its effective mode. */
final class CompiledRule {
  /** As the policy wrote it: a reload keeps this table while the rule stays the same. */
  final Rule rule;
  final String name;
  final KeyType key;
  /** False when the rule says {@code mode: monitor}; the global mode is asked per decision. */
  private final boolean ruleEnforces;
  private final OperatingMode mode;
  final RequestMatcher matcher;
  private final StaticAssets staticAssets;
  final BucketTable buckets;
  /** Requests this user-keyed rule matched that carried no principal, until one is counted; for the notice. */
  private final AtomicLong unkeyed = new AtomicLong();
  private volatile boolean noticed;

  CompiledRule(Rule rule, OperatingMode mode, StateLimits state, Ticker ticker) {
    this.rule = rule;
    this.name = rule.name();
    this.key = rule.key();
    this.ruleEnforces = rule.mode() != Mode.MONITOR;
    this.mode = mode;
    this.matcher = new RequestMatcher(rule.routes(), rule.methods());
    this.staticAssets = rule.staticAssets();
    BucketShape shape = new BucketShape(rule.rate().perSecond(), rule.burst());
    // a wait is at most the time one token takes, which is at most the bucket's capacity
    this.throttles = new Decision[(int) Math.min(MAX_SHARED_RETRY_AFTER, shape.capacityNanos() / 1_000_000_000L + 1) + 1];
    warnOfMethodsNoClientSends(rule);
    this.buckets = new BucketTable(name, shape, state.maxKeysPerRule(), state.maxThrottledKeysPerRule(), state.idleExpiry(), ticker);
  }

  /** Its 429 answers by Retry-After seconds, made once each: a flood of refused requests shares them. */
  private final Decision[] throttles;
  private static final int MAX_SHARED_RETRY_AFTER = 3600;

  /** This rule's 429 with {@code Retry-After: retryAfterSeconds}. */
  Decision throttle(long retryAfterSeconds) {
    if (retryAfterSeconds >= throttles.length || retryAfterSeconds < 1) {
      return Decision.throttle(name, retryAfterSeconds);
    }
    Decision decision = throttles[(int) retryAfterSeconds];
    if (decision == null) {
      decision = Decision.throttle(name, retryAfterSeconds); // a race makes two equal ones: either is right
      throttles[(int) retryAfterSeconds] = decision;
    }
    return decision;
  }

  /** Whether a refusal by this rule is applied now (else only recorded). */
  boolean enforced() {
    return ruleEnforces && mode.enforces();
  }

  /** Whether the rule counts this request: its routes and methods, and what it says of static assets. */
  boolean matches(String method, String normalisedPath) {
    if (!matcher.matches(method, normalisedPath)) {
      return false;
    }
    switch (staticAssets) {
      case EXCLUDE:
        return !StaticAssetPath.isStaticAsset(method, normalisedPath);
      case ONLY:
        return StaticAssetPath.isStaticAsset(method, normalisedPath);
      default:
        return true;
    }
  }

  /** Methods clients send (RFC 9110, PATCH, WebDAV, QUERY); anything else in a rule is most likely a typo. */
  private static final Set<String> KNOWN_METHODS = Set.of(
      "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT", "QUERY",
      "PROPFIND", "PROPPATCH", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK", "REPORT", "SEARCH");

  /** A rule whose methods no client sends can never apply: say so at startup, naming it. */
  private static void warnOfMethodsNoClientSends(Rule rule) {
    List<String> unknown = new ArrayList<>();
    for (String method : rule.methods()) {
      if (!KNOWN_METHODS.contains(method.toUpperCase(Locale.ROOT))) {
        unknown.add(method);
      }
    }
    if (!unknown.isEmpty()) {
      AgentLog.warn("rule '" + rule.name() + "' lists " + unknown + ", which no common client sends: "
          + (unknown.size() == rule.methods().size() ? "the rule can never apply" : "those methods never match") + " (a typo?)");
    }
  }

  /**
   * A request matched this user-keyed rule without a principal, even after the framework's filters.
   * Once {@link #UNKEYED_NOTICE_AFTER} such requests in a row went unlimited, says so once: a rule
   * that never finds its key protects nothing, and its owner should know.
   */
  void unkeyedMatch() {
    if (!noticed && unkeyed.incrementAndGet() >= UNKEYED_NOTICE_AFTER) {
      noticed = true;
      AgentLog.warn("rule '" + name + "' (key: user) matched " + UNKEYED_NOTICE_AFTER + " requests in a row that carried no authenticated user"
          + " (at the server entry or past the framework's filters): it limits only requests the server or a framework's filters authenticate (see README, key: user)");
    }
  }

  /** A user key was found for this rule: the notice is not needed. */
  void keyed() {
    if (!noticed && unkeyed.get() != 0) {
      unkeyed.set(0);
    }
  }

  static final long UNKEYED_NOTICE_AFTER = 1000;
}
