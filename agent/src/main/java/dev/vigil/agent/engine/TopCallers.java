package dev.vigil.agent.engine;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.vigil.agent.caller.CallerKeys;
import dev.vigil.agent.config.KeyType;
import dev.vigil.agent.detect.sketch.HeavyHitters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who is busiest and who is refused most, per minute, for an operator watching without a telemetry
 * backend (the MBean, {@code top}). Requests are sampled, one in {@link #SAMPLE_ONE_IN}, so the
 * request path pays a counter for few requests; refusals are all counted. Each kept in fixed
 * space ({@link HeavyHitters}), over a sliding minute: the minute before, weighted by how much of
 * it the last 60 seconds still cover, plus the one running.
 */
public final class TopCallers {
  public static final int SAMPLE_ONE_IN = 16;
  private static final int CAPACITY = 64;
  private static final long MINUTE_NANOS = 60_000_000_000L;

  /** One caller's row: its key as the audit trail shows it, per minute. */
  public static final class Row {
    public final String caller;
    public final long perMinute;
    /** The rule that refused it last, or null for a busiest client. */
    public final String lastRule;

    Row(String caller, long perMinute, String lastRule) {
      this.caller = caller;
      this.perMinute = perMinute;
      this.lastRule = lastRule;
    }
  }

  private final Ticker ticker;
  private final Window requests = new Window();
  private final Window refusals = new Window();

  TopCallers(Ticker ticker) {
    this.ticker = ticker;
  }

  /** A sampled request from {@code client} (an address). */
  void sampled(String client) {
    if (client != null) {
      requests.add(ticker.read(), client, null); // the bare address: a known caller's sample allocates nothing
    }
  }

  /** A refusal, enforced or monitored, of the caller {@code key} (as the audit shows it) by {@code rule}. */
  void refused(String key, String rule) {
    if (key != null) {
      refusals.add(ticker.read(), key, rule);
    }
  }

  public List<Row> busiest(int limit) {
    List<Row> rows = new ArrayList<>();
    for (Row row : requests.top(ticker.read(), limit, SAMPLE_ONE_IN)) {
      rows.add(new Row(CallerKeys.display(KeyType.IP, row.caller), row.perMinute, null));
    }
    return rows;
  }

  public List<Row> mostRefused(int limit) {
    return refusals.top(ticker.read(), limit, 1);
  }

  private static final class Window {
    private HeavyHitters current = new HeavyHitters(CAPACITY);
    private HeavyHitters previous = new HeavyHitters(CAPACITY);
    private long startedAt = Long.MIN_VALUE;

    void add(long now, String key, String label) {
      rotate(now).add(key, label);
    }

    private synchronized HeavyHitters rotate(long now) {
      if (startedAt == Long.MIN_VALUE) {
        startedAt = now;
      }
      long age = now - startedAt;
      if (age >= MINUTE_NANOS) {
        previous = age >= 2 * MINUTE_NANOS ? new HeavyHitters(CAPACITY) : current;
        current = new HeavyHitters(CAPACITY);
        startedAt = now - age % MINUTE_NANOS;
      }
      return current;
    }

    List<Row> top(long now, int limit, int scale) {
      HeavyHitters running = rotate(now);
      HeavyHitters before;
      long age;
      synchronized (this) {
        before = previous;
        age = now - startedAt;
      }
      double stillCovered = 1 - Math.min(1.0, (double) age / MINUTE_NANOS);
      Map<String, Row> rows = new LinkedHashMap<>();
      // the certain counts only: under a flood of one-off keys each inherits the smallest counter's count,
      // which shown as its own would make every bystander look heavy
      for (HeavyHitters.Count count : running.top(CAPACITY)) {
        rows.put(count.key, row(count.key, (count.count - count.error) + before.guaranteed(count.key) * stillCovered, scale, count.label));
      }
      for (HeavyHitters.Count count : before.top(CAPACITY)) {
        rows.putIfAbsent(count.key, row(count.key, (count.count - count.error) * stillCovered, scale, count.label));
      }
      List<Row> sorted = new ArrayList<>(rows.values());
      sorted.removeIf(r -> r.perMinute == 0);
      sorted.sort((a, b) -> Long.compare(b.perMinute, a.perMinute));
      return sorted.subList(0, Math.min(limit, sorted.size()));
    }

    private static Row row(String key, double count, int scale, String label) {
      return new Row(key, Math.round(count * scale), label);
    }
  }
}
