package dev.vigil.agent.limit;

import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.RemovalListener;
import dev.vigil.bootstrap.AgentLog;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the entries a full cache pushed out (idle expiry and explicit removal are not counted) for
 * {@code vigil.cache.evictions}. A protected segment also says so once on stderr the first time: its
 * evictions forget callers in bad standing, which only a larger setting prevents.
 */
public final class SizeEvictions implements RemovalListener<Object, Object> {
  private final LongAdder evicted = new LongAdder();
  private final String firstNotice;
  private final AtomicBoolean noticed = new AtomicBoolean();

  private SizeEvictions(String firstNotice) {
    this.firstNotice = firstNotice;
  }

  /** Counts only: a general segment, where evicting callers in good standing is the design. */
  public static SizeEvictions counted() {
    return new SizeEvictions(null);
  }

  /** Counts, and prints {@code notice} the first time (once per table, so never a flood of lines). */
  public static SizeEvictions noticed(String notice) {
    return new SizeEvictions(notice);
  }

  @Override
  public void onRemoval(Object key, Object value, RemovalCause cause) {
    if (cause == RemovalCause.SIZE) {
      evicted();
    }
  }

  /** One entry pushed out of a full table (a table of our own calls this; a Caffeine cache through {@link #onRemoval}). */
  public void evicted() {
    evicted.increment();
    if (firstNotice != null && !noticed.get() && noticed.compareAndSet(false, true)) {
      AgentLog.warn(firstNotice);
    }
  }

  public long count() {
    return evicted.sum();
  }
}
