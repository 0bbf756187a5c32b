package dev.vigil.agent.login;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The lockouts of one scope, one {@link Lockout} per key in a bounded cache: at most {@code maxKeys},
 * each kept while it could still count a failure, serve a lockout or make the next one a repeat.
 * Looking a key up never creates an entry; failures and attempts in flight do, and an entry with
 * neither (nor a lockout to remember) is removed when its last attempt settles.
 */
final class LockoutTable<K> {
  private final LoginScope scope;
  private final LockoutSettings settings;
  private final long backoffResetNanos;
  private final LongSupplier jitterSource;
  private final Cache<K, Lockout> lockouts;
  private final Function<K, Lockout> newLockout = key -> new Lockout();

  LockoutTable(LoginScope scope, LockoutSettings settings, long backoffResetNanos, int maxKeys, Ticker ticker, LongSupplier jitterSource) {
    this.scope = scope;
    this.settings = settings;
    this.backoffResetNanos = backoffResetNanos;
    this.jitterSource = jitterSource;
    this.lockouts =
        Caffeine.newBuilder()
            .maximumSize(maxKeys)
            .expireAfterAccess(settings.retentionNanos() + backoffResetNanos, TimeUnit.NANOSECONDS)
            .ticker(ticker)
            .executor(Runnable::run)
            .build();
  }

  LoginScope scope() {
    return scope;
  }

  /** Nanoseconds {@code key} stays locked, 0 when it is not (or is not tracked). */
  long remainingNanos(K key, long now) {
    Lockout lockout = lockouts.getIfPresent(key);
    return lockout == null ? 0 : lockout.remainingNanos(now);
  }

  /**
   * Takes a place for an attempt on {@code key} (see {@link Lockout#tryReserve}): 0 when taken, else
   * nanoseconds to wait. Places are taken and given back inside the map's per-key compute, so an entry
   * left with nothing to remember is removed without racing a new place: successful logins do not
   * crowd the failures out of the bounded table.
   */
  long tryReserve(K key, long now) {
    long[] wait = new long[1];
    lockouts.asMap().compute(key, (k, lockout) -> {
      Lockout entry = lockout == null ? new Lockout() : lockout;
      wait[0] = entry.tryReserve(now, settings);
      return entry.isIdle() ? null : entry;
    });
    return wait[0];
  }

  /** Takes a place whatever the count (an attempt this scope does not judge still counts toward it). */
  void reserve(K key, long now) {
    lockouts.asMap().compute(key, (k, lockout) -> {
      Lockout entry = lockout == null ? new Lockout() : lockout;
      entry.reserve(now);
      return entry;
    });
  }

  /** Gives back the place taken at {@code reservedAt} (a no-op if the entry was evicted meanwhile). */
  void release(K key, long reservedAt, long now) {
    lockouts.asMap().computeIfPresent(key, (k, lockout) -> {
      lockout.release(reservedAt, now);
      return lockout.isIdle() ? null : lockout;
    });
  }

  /** Counts a failure for {@code key}; true when it locked the key. */
  boolean recordFailure(K key, long now) {
    return lockouts.get(key, newLockout).recordFailure(now, settings, backoffResetNanos, jitterNanos());
  }

  /** Locks {@code key} now, as a repeat if it was locked recently (used by the stuffing signals). */
  void lock(K key, long now) {
    lockouts.get(key, newLockout).lock(now, settings, backoffResetNanos, jitterNanos());
  }

  void resetFailures(K key) {
    Lockout lockout = lockouts.getIfPresent(key);
    if (lockout != null) {
      lockout.resetFailures();
    }
  }

  /** Keys locked at {@code now}; walks the table, so meant for metrics at scrape intervals, not per request. */
  long activeLockouts(long now) {
    long count = 0;
    for (Lockout lockout : lockouts.asMap().values()) {
      if (lockout.remainingNanos(now) > 0) {
        count++;
      }
    }
    return count;
  }

  /** Uniform in 0..jitter (inclusive), from the injected source. */
  private long jitterNanos() {
    long bound = settings.jitter().toNanos();
    return bound == 0 ? 0 : Math.floorMod(jitterSource.getAsLong(), bound + 1);
  }

  long estimatedSize() {
    return lockouts.estimatedSize();
  }

  void cleanUp() {
    lockouts.cleanUp();
  }

  Iterable<K> keys() {
    return lockouts.asMap().keySet();
  }
}
