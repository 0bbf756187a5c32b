package dev.vigil.agent.engine;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.vigil.agent.config.KeyType;
import dev.vigil.agent.detect.Detector;
import dev.vigil.agent.detect.MomentTime;
import dev.vigil.agent.event.Counts;
import dev.vigil.bootstrap.AwaitedPrincipal;
import dev.vigil.bootstrap.Decision;
import dev.vigil.bootstrap.RequestContext;

/**
 * The policy's rate rules, in order: each matching rule takes a token from its key's bucket, and the
 * first enforced rule with none left throttles (429 with Retry-After). A rule whose key the request
 * does not carry (no API key, no principal) does not apply. A request that matches a user-keyed rule
 * without a principal waits for one ({@link AwaitedPrincipal}): a framework may authenticate it further in.
 */
final class RateRuleDetector implements Detector {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final CompiledRule[] rules;
  private final Ticker ticker;
  private final RequestKeys keys;
  private final DecisionRecorder decisions;
  private final Counts counts;

  RateRuleDetector(CompiledRule[] rules, Ticker ticker, RequestKeys keys, DecisionRecorder decisions, Counts counts) {
    this.rules = rules;
    this.ticker = ticker;
    this.keys = keys;
    this.decisions = decisions;
    this.counts = counts;
  }

  @Override
  public Decision onRequest(RequestContext request) {
    long now = MomentTime.of(request, ticker);
    String path = keys.path(request);
    boolean monitored = false;
    boolean awaitsPrincipal = false;
    for (CompiledRule rule : rules) {
      if (!rule.matches(request.method, path)) {
        continue;
      }
      String key;
      switch (rule.key) {
        case IP:
          key = keys.client(request);
          break;
        case SUBNET:
          key = keys.subnet(request);
          break;
        case APIKEY:
          key = keys.apiKey(request);
          break;
        case SESSION:
          key = keys.session(request);
          break;
        case FINGERPRINT:
          key = keys.fingerprint(request);
          break;
        default:
          key = keys.user(request);
          if (key == null) {
            awaitsPrincipal = true;
            rule.unkeyedMatch();
            continue;
          }
          rule.keyed();
          break;
      }
      if (key == null) {
        continue;
      }
      Decision decision = charge(rule, request, path, key, now);
      if (decision != null && decision.blocks()) {
        return decision;
      }
      monitored |= decision != null;
    }
    if (monitored) {
      counts.requestMonitored();
    }
    if (awaitsPrincipal) {
      AwaitedPrincipal.await(request);
    }
    return null;
  }

  /** The rules keyed by user, for a request whose principal an inner entry has just seen. */
  @Override
  public Decision onPrincipal(RequestContext request, String principal) {
    String key = keys.user(principal);
    if (key == null) {
      return null;
    }
    long now = MomentTime.of(request, ticker);
    String path = keys.path(request);
    boolean monitored = false;
    for (CompiledRule rule : rules) {
      if (rule.key != KeyType.USER || !rule.matches(request.method, path)) {
        continue;
      }
      rule.keyed();
      Decision decision = charge(rule, request, path, key, now);
      if (decision != null && decision.blocks()) {
        return decision;
      }
      monitored |= decision != null;
    }
    if (monitored) {
      counts.requestMonitored();
    }
    return null;
  }

  /**
   * Takes a token from {@code key}'s bucket of {@code rule}: null when there was one, else the
   * decision recorded — a throttle when the rule is enforced, {@link Decision#ALLOW} when monitored.
   */
  private Decision charge(CompiledRule rule, RequestContext request, String path, String key, long now) {
    long waitNanos = rule.buckets.tryAcquire(key, now);
    if (waitNanos == 0) {
      return null;
    }
    long retryAfter = Math.max(1, (waitNanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND);
    boolean enforced = rule.enforced();
    decisions.throttle(request, rule.name, enforced, retryAfter, rule.key, key, keys.client(request), rule.matcher.matchedRoute(path));
    if (!enforced) {
      return Decision.ALLOW;
    }
    counts.requestThrottled();
    return rule.throttle(retryAfter);
  }
}
