package dev.vigil.agent.engine;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.vigil.agent.net.Cidr;
import dev.vigil.agent.net.IpAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Bans and allows an operator set at runtime (JMX, the CLI), each for a while: kept apart from the
 * policy's lists so that a reload neither drops them nor needs the file edited during an incident.
 * The most specific network wins (an allowed partner inside a banned /16 passes); on a tie, the
 * ban. Few entries, so a copy-on-write array: the request path reads it without a lock, and an
 * empty one costs a volatile read.
 */
public final class OperatorLists {
  public static final int MAX_ENTRIES = 1_000;
  /** The longest an entry lasts; a permanent one belongs in the policy file. */
  public static final Duration MAX_DURATION = Duration.ofDays(365);

  /** One ban or allow. */
  public static final class Entry {
    public final Cidr network;
    public final boolean ban;
    final long untilNanos;

    Entry(Cidr network, boolean ban, long untilNanos) {
      this.network = network;
      this.ban = ban;
      this.untilNanos = untilNanos;
    }

    /** Seconds left at {@code now}, at least 1 while it holds. */
    public long secondsLeft(long now) {
      return Math.max(1, (untilNanos - now + 999_999_999L) / 1_000_000_000L);
    }
  }

  private static final Entry[] NONE = new Entry[0];

  private final Ticker ticker;
  private volatile Entry[] entries = NONE;

  OperatorLists(Ticker ticker) {
    this.ticker = ticker;
  }

  /**
   * Bans or allows {@code network} for {@code duration}, replacing what was set for the same network.
   *
   * @throws IllegalArgumentException for a duration out of range, or a full list
   */
  public synchronized void set(Cidr network, boolean ban, Duration duration) {
    if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
      throw new IllegalArgumentException("duration must be from 1s to 365d, not " + duration);
    }
    long now = ticker.read();
    List<Entry> kept = live(now);
    kept.removeIf(e -> e.network.equals(network));
    if (kept.size() >= MAX_ENTRIES) {
      throw new IllegalArgumentException("at most " + MAX_ENTRIES + " bans and allows at once; lift some, or put networks in the policy's deny/allow");
    }
    kept.add(new Entry(network, ban, now + duration.toNanos()));
    entries = kept.toArray(NONE);
  }

  /** Lifts the ban or allow set for exactly {@code network}; false when there was none. */
  public synchronized boolean lift(Cidr network) {
    List<Entry> kept = live(ticker.read());
    boolean removed = kept.removeIf(e -> e.network.equals(network));
    entries = kept.toArray(NONE);
    return removed;
  }

  boolean isEmpty() {
    return entries.length == 0;
  }

  /** The entry that decides for {@code client} now, or null. */
  Entry match(String client) {
    Entry[] all = entries;
    if (all.length == 0 || client == null) {
      return null;
    }
    IpAddress address = IpAddress.parse(client);
    long now = ticker.read();
    Entry best = null;
    for (Entry entry : all) {
      if (entry.untilNanos - now > 0 && entry.network.contains(address)
          && (best == null || entry.network.prefix() > best.network.prefix() || (entry.network.prefix() == best.network.prefix() && entry.ban))) {
        best = entry;
      }
    }
    return best;
  }

  /** The entries in force now, for the MBean and the CLI. */
  public List<Entry> active() {
    return live(ticker.read());
  }

  public long now() {
    return ticker.read();
  }

  private List<Entry> live(long now) {
    List<Entry> live = new ArrayList<>();
    for (Entry entry : entries) {
      if (entry.untilNanos - now > 0) {
        live.add(entry);
      }
    }
    return live;
  }
}
