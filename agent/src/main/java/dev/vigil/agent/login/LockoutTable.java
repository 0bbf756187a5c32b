package dev.vigil.agent.login;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.vigil.agent.limit.SizeEvictions;
import dev.vigil.agent.limit.TableSegments;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The lockouts of one scope, one {@link Lockout} per key, each kept while it could still count a
 * failure, serve a lockout or make the next one a repeat, in two bounded caches: at most {@code
 * maxKeys} keys that only count failures or hold attempts in flight, and apart from them at most
 * {@code maxLockedKeys} keys that have locked, so a flood of new keys cannot unlock a key or reset its
 * backoff. Looking a key up never creates an entry; failures and attempts in flight do, and an entry
 * with neither (nor a lockout to remember) is removed when its last attempt settles.
 *
 * <p>Every change to a general entry runs inside the general segment's per-key compute, and a key
 * moves to the locked segment inside that compute: lookups and updates find a key in one segment
 * only, the locked one first.
 */
final class LockoutTable<K> {
  private final LoginScope scope;
  private final LockoutSettings settings;
  private final long backoffResetNanos;
  private final LongSupplier jitterSource;
  private final Cache<K, Lockout> general;
  private final Cache<K, Lockout> locked;
  private final SizeEvictions generalEvictions = SizeEvictions.counted();
  private final SizeEvictions lockedEvictions;

  LockoutTable(
      LoginScope scope, LockoutSettings settings, long backoffResetNanos, int maxKeys, int maxLockedKeys, Ticker ticker, LongSupplier jitterSource) {
    this.scope = scope;
    this.settings = settings;
    this.backoffResetNanos = backoffResetNanos;
    this.jitterSource = jitterSource;
    // accessed within retention + backoffReset: still counting, still locked, or a lockout that may repeat
    long keepNanos = settings.retentionNanos() + backoffResetNanos;
    this.general = TableSegments.bounded(maxKeys, keepNanos, ticker, generalEvictions);
    this.lockedEvictions =
        SizeEvictions.noticed(
            "login lockouts (" + scope.ruleName() + "): more than " + maxLockedKeys + " locked keys at once; the least active are"
                + " forgotten (unlocked, backoff reset); raise login.maxLockedKeys");
    this.locked = TableSegments.bounded(maxLockedKeys, keepNanos, ticker, lockedEvictions);
  }

  LoginScope scope() {
    return scope;
  }

  /** Nanoseconds {@code key} stays locked, 0 when it is not (or is not tracked). */
  long remainingNanos(K key, long now) {
    Lockout lockout = find(key);
    return lockout == null ? 0 : lockout.remainingNanos(now);
  }

  /**
   * Takes a place for an attempt on {@code key} (see {@link Lockout#tryReserve}): 0 when taken, else
   * nanoseconds to wait. Places are taken and given back inside the map's per-key compute, so an entry
   * left with nothing to remember is removed without racing a new place: successful logins do not
   * crowd the failures out of the bounded table.
   */
  long tryReserve(K key, long now) {
    return update(key, entry -> entry.tryReserve(now, settings));
  }

  /** Takes a place whatever the count (an attempt this scope does not judge still counts toward it). */
  void reserve(K key, long now) {
    update(key, entry -> {
      entry.reserve(now);
      return 0;
    });
  }

  /** Gives back the place taken at {@code reservedAt} (a no-op if the entry was evicted meanwhile). */
  void release(K key, long reservedAt, long now) {
    Lockout held = locked.getIfPresent(key);
    if (held != null) {
      held.release(reservedAt, now);
      return;
    }
    general.asMap().computeIfPresent(key, (k, lockout) -> {
      lockout.release(reservedAt, now);
      return keep(k, lockout);
    });
  }

  /** Counts a failure for {@code key}; true when it locked the key. */
  boolean recordFailure(K key, long now) {
    long jitter = jitterNanos();
    return update(key, entry -> entry.recordFailure(now, settings, backoffResetNanos, jitter) ? 1 : 0) != 0;
  }

  /** Locks {@code key} now, as a repeat if it was locked recently (used by the stuffing signals). */
  void lock(K key, long now) {
    long jitter = jitterNanos();
    update(key, entry -> {
      entry.lock(now, settings, backoffResetNanos, jitter);
      return 0;
    });
  }

  /** A change to one key's entry, returning what its caller needs to know. */
  private interface Change {
    long apply(Lockout entry);
  }

  /** Applies {@code change} to {@code key}'s entry, found in the locked segment first, else created in the general one. */
  private long update(K key, Change change) {
    Lockout held = locked.getIfPresent(key);
    if (held != null) {
      return change.apply(held); // a key that has locked is never idle: nothing to remove
    }
    long[] result = new long[1];
    general.asMap().compute(key, (k, lockout) -> {
      Lockout entry = entryFor(k, lockout);
      result[0] = change.apply(entry);
      return keep(k, entry);
    });
    return result[0];
  }

  void resetFailures(K key) {
    Lockout lockout = find(key);
    if (lockout != null) {
      lockout.resetFailures();
    }
  }

  private Lockout find(K key) {
    Lockout lockout = locked.getIfPresent(key);
    return lockout != null ? lockout : general.getIfPresent(key);
  }

  /** Inside the general compute for {@code key}: its general entry, else one that moved to the locked segment meanwhile, else a new one. */
  private Lockout entryFor(K key, Lockout inGeneral) {
    if (inGeneral != null) {
      return inGeneral;
    }
    Lockout moved = locked.getIfPresent(key);
    return moved != null ? moved : new Lockout();
  }

  /**
   * Inside the general compute for {@code key}: what the general segment keeps of {@code entry}. A key
   * that has locked belongs to the locked segment (moved there now if it just locked); an idle one is dropped.
   */
  private Lockout keep(K key, Lockout entry) {
    if (entry.hasLocked()) {
      if (locked.getIfPresent(key) != entry) {
        locked.put(key, entry);
      }
      return null;
    }
    return entry.isIdle() ? null : entry;
  }

  /** Keys locked at {@code now}; walks the table, so meant for metrics at scrape intervals, not per request. */
  long activeLockouts(long now) {
    long count = 0;
    for (Lockout lockout : locked.asMap().values()) {
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

  /** Keys pushed out of the full general segment: keys in good standing (counting failures, never locked). */
  long evictions() {
    return generalEvictions.count();
  }

  /** Keys pushed out of the full locked segment: each forgot a lockout or its backoff history. */
  long lockedEvictions() {
    return lockedEvictions.count();
  }

  /** Keys held, in both segments. */
  long estimatedSize() {
    return general.estimatedSize() + locked.estimatedSize();
  }

  void cleanUp() {
    general.cleanUp();
    locked.cleanUp();
  }

  /** Every key held, copied (for tests). */
  Iterable<K> keys() {
    List<K> keys = new ArrayList<>(locked.asMap().keySet());
    keys.addAll(general.asMap().keySet());
    return keys;
  }

  /** Forgets every key {@code which} accepts, lockout, failures and backoff alike (an operator's unlock). */
  int forget(Predicate<? super K> which) {
    return TableSegments.forget(locked, which) + TableSegments.forget(general, which);
  }
}
