package dev.vigil.agent.login;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The lockouts started so far, by the time they end, so {@code vigil.lockout.expired} can be sent
 * when one does even if its source never comes back. Bounded: past {@link #MAX_PENDING} the
 * soonest-ending are given up (and counted), never the memory.
 */
final class LockoutExpiries {
  static final int MAX_PENDING = 10_000;

  /** One pending end: the table and key to re-check (a lockout can be extended while it runs). */
  static final class Pending {
    final LockoutTable<Object> table;
    final Object key;
    final String source;
    final long untilNanos;

    @SuppressWarnings("unchecked")
    Pending(LockoutTable<?> table, Object key, String source, long untilNanos) {
      this.table = (LockoutTable<Object>) table;
      this.key = key;
      this.source = source;
      this.untilNanos = untilNanos;
    }
  }

  private final PriorityQueue<Pending> pending = new PriorityQueue<>((a, b) -> Long.compare(a.untilNanos, b.untilNanos));

  synchronized void add(LockoutTable<?> table, Object key, String source, long untilNanos) {
    if (pending.size() >= MAX_PENDING) {
      pending.poll(); // the oldest end goes unreported: the queue stays bounded
    }
    pending.add(new Pending(table, key, source, untilNanos));
  }

  /** Lockouts over by {@code now}; one still running (extended) goes back in with its new end. */
  synchronized List<ExpiredLockout> poll(long now) {
    List<ExpiredLockout> ended = null;
    while (!pending.isEmpty() && pending.peek().untilNanos - now <= 0) {
      Pending p = pending.poll();
      long remaining = p.table.remainingNanos(p.key, now);
      if (remaining > 0) {
        pending.add(new Pending(p.table, p.key, p.source, now + remaining));
        continue;
      }
      if (ended == null) {
        ended = new ArrayList<>();
      }
      ended.add(new ExpiredLockout(p.table.scope(), p.source));
    }
    return ended == null ? List.of() : ended;
  }
}
