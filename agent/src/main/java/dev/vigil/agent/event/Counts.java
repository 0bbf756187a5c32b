package dev.vigil.agent.event;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Everything Vigil counts, recorded on the request path (LongAdders: counting on every request
 * neither contends nor allocates) and read only through a {@link CountsSnapshot}, which both the
 * metrics and the shutdown summary print. Requests are counted once each, whatever refused them;
 * decisions once per rule that made one, by action, rule and mode; anomalies by detector rule and
 * signal; throttled callers by key.
 */
public final class Counts {
  /** Rule names come from the policy and the fixed login scopes; capped anyway, the rest share one row. */
  private static final int MAX_ROWS = 512;
  private static final String OVERFLOW_RULE = "other";
  /** Detector rules and their signals are named in code, a few dozen pairs; capped anyway, like rule rows. */
  private static final int MAX_ANOMALY_ROWS = 128;
  /** Bounded, so under a flood of distinct callers the top list is approximate (rare keys go first). */
  private static final int MAX_CALLERS = 1_000;
  private static final long CALLER_IDLE_HOURS = 24;
  static final int TOP_CALLERS = 5;

  final LongAdder requests = new LongAdder();
  final LongAdder throttled = new LongAdder();
  final LongAdder blocked = new LongAdder();
  final LongAdder monitored = new LongAdder();
  final LongAdder blockFailed = new LongAdder();
  /** By rule, then action: the monitored and the enforced count. Looked up without a key object, so a refusal allocates nothing here. */
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, LongAdder[]>> rows = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicInteger rowCount = new java.util.concurrent.atomic.AtomicInteger();
  private final ConcurrentHashMap<Map.Entry<String, String>, LongAdder> anomalies = new ConcurrentHashMap<>();
  private final Cache<String, LongAdder> throttledCallers;

  /** @param ticker how long a throttled caller stays listed when it stops (the limits' ticker) */
  public Counts(Ticker ticker) {
    this.throttledCallers =
        Caffeine.newBuilder()
            .maximumSize(MAX_CALLERS)
            .expireAfterAccess(CALLER_IDLE_HOURS, TimeUnit.HOURS)
            .ticker(ticker)
            .executor(Runnable::run)
            .build();
  }

  public void requestSeen() {
    requests.increment();
  }

  public boolean anyRequestSeen() {
    return requests.sum() > 0;
  }

  /** A request answered 429. */
  public void requestThrottled() {
    throttled.increment();
  }

  /** A request answered 403. */
  public void requestBlocked() {
    blocked.increment();
  }

  /** A request let through that would have been throttled or blocked in enforce mode. */
  public void requestMonitored() {
    monitored.increment();
  }

  /** A decision advice could not apply because the response was already committed. */
  public void blockFailed() {
    blockFailed.increment();
  }

  /** One throttle or block by one rule, enforced or monitored, of the caller {@code shownKey} ({@code ip:10.0.0.7}). */
  public void decision(String rule, String action, boolean enforced, String shownKey) {
    ConcurrentHashMap<String, LongAdder[]> byAction = rows.get(rule);
    LongAdder[] adders = byAction == null ? null : byAction.get(action);
    if (adders == null) {
      adders = newRow(rule, action);
    }
    adders[enforced ? 1 : 0].increment();
    if (VigilEvent.THROTTLE.equals(action)) {
      throttledCallers.get(shownKey, key -> new LongAdder()).increment();
    }
  }

  /** One behavioural signal that crossed its threshold (an anomaly or an account-takeover suspect). */
  public void anomaly(VigilEvent anomaly) {
    Map.Entry<String, String> row = Map.entry(anomaly.rule, anomaly.signal);
    LongAdder adder = anomalies.get(row);
    if (adder == null) {
      if (anomalies.size() >= MAX_ANOMALY_ROWS) {
        row = Map.entry(OVERFLOW_RULE, OVERFLOW_RULE);
      }
      adder = anomalies.computeIfAbsent(row, r -> new LongAdder());
    }
    adder.increment();
  }

  /** Totals now; {@code tables} are walked (they are bounded), so call it at collection time only. */
  public CountsSnapshot snapshot(CountsSnapshot.Tables tables, long auditDropped) {
    return new CountsSnapshot(this, tables, auditDropped);
  }

  /** The first decision of a rule and action; past {@link #MAX_ROWS} rows, under the rule {@code other}. */
  private LongAdder[] newRow(String rule, String action) {
    String kept = rowCount.get() >= MAX_ROWS ? OVERFLOW_RULE : rule;
    return rows.computeIfAbsent(kept, r -> new ConcurrentHashMap<>()).computeIfAbsent(action, a -> {
      rowCount.incrementAndGet();
      return new LongAdder[] {new LongAdder(), new LongAdder()};
    });
  }

  List<CountsSnapshot.DecisionTally> decisions() {
    List<CountsSnapshot.DecisionTally> tallies = new ArrayList<>();
    rows.forEach((rule, byAction) -> byAction.forEach((action, adders) -> {
      for (int enforced = 0; enforced < 2; enforced++) {
        long count = adders[enforced].sum();
        if (count > 0) {
          tallies.add(new CountsSnapshot.DecisionTally(action, rule, enforced == 1, count));
        }
      }
    }));
    return tallies;
  }

  List<CountsSnapshot.AnomalyTally> anomalies() {
    List<CountsSnapshot.AnomalyTally> tallies = new ArrayList<>(anomalies.size());
    anomalies.forEach((row, adder) -> tallies.add(new CountsSnapshot.AnomalyTally(row.getKey(), row.getValue(), adder.sum())));
    return tallies;
  }

  /** The most throttled keys, most first. */
  Map<String, Long> topThrottled() {
    List<Map.Entry<String, Long>> entries = new ArrayList<>();
    for (Map.Entry<String, LongAdder> entry : throttledCallers.asMap().entrySet()) {
      entries.add(Map.entry(entry.getKey(), entry.getValue().sum()));
    }
    entries.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
    Map<String, Long> top = new LinkedHashMap<>();
    for (Map.Entry<String, Long> entry : entries.subList(0, Math.min(TOP_CALLERS, entries.size()))) {
      top.put(entry.getKey(), entry.getValue());
    }
    return Collections.unmodifiableMap(top);
  }
}
