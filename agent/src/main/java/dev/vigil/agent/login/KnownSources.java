package dev.vigil.agent.login;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.vigil.agent.limit.SizeEvictions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Client addresses that logged in successfully as a user within the known-source period: they pass
 * the per-user lockout, so an attacker hammering an account cannot lock its owner out. Bounded; the
 * period counts from the latest success. Only successful logins add entries, so a flood of failed
 * logins cannot push the owner's source out; a flood of successful ones (valid credentials from many
 * addresses) can, and is counted ({@code vigil.table=known-sources}).
 */
final class KnownSources {
  private final Cache<SourceUserKey, Boolean> sources;
  private final SizeEvictions evictions = SizeEvictions.counted();

  KnownSources(Duration period, int maxKeys, Ticker ticker) {
    this.sources =
        Caffeine.newBuilder()
            .maximumSize(maxKeys)
            .expireAfterWrite(period.toNanos(), TimeUnit.NANOSECONDS)
            .ticker(ticker)
            .executor(Runnable::run)
            .evictionListener(evictions)
            .build();
  }

  void remember(SourceUserKey source) {
    sources.put(source, Boolean.TRUE);
  }

  boolean isKnown(SourceUserKey source) {
    return sources.getIfPresent(source) != null;
  }

  /** Sources pushed out because the table was full. */
  long evictions() {
    return evictions.count();
  }

  long estimatedSize() {
    return sources.estimatedSize();
  }

  void cleanUp() {
    sources.cleanUp();
  }

  Iterable<SourceUserKey> keys() {
    return sources.asMap().keySet();
  }
}
