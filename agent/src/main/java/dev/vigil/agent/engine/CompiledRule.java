package dev.vigil.agent.engine;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.vigil.agent.config.KeyType;
import dev.vigil.agent.config.Mode;
import dev.vigil.agent.config.Rule;
import dev.vigil.agent.config.StateLimits;
import dev.vigil.agent.limit.BucketShape;
import dev.vigil.agent.limit.BucketTable;
import dev.vigil.agent.limit.RequestMatcher;

/** A policy rule made ready for the hot path: its matcher, its bucket table, its effective mode. */
final class CompiledRule {
  final String name;
  final KeyType key;
  final boolean enforced;
  final RequestMatcher matcher;
  final BucketTable buckets;

  CompiledRule(Rule rule, Mode globalMode, StateLimits state, Ticker ticker) {
    this.name = rule.name();
    this.key = rule.key();
    this.enforced = rule.effectiveMode(globalMode) == Mode.ENFORCE;
    this.matcher = new RequestMatcher(rule.routes(), rule.methods());
    BucketShape shape = new BucketShape(rule.rate().perSecond(), rule.burst());
    this.buckets = new BucketTable(name, shape, state.maxKeysPerRule(), state.maxThrottledKeysPerRule(), state.idleExpiry(), ticker);
  }
}
