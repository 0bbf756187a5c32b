package dev.vigil.agent.engine;

import dev.vigil.agent.telemetry.EngineStats.DecisionTally;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Decisions counted by action, rule and enforced-or-monitored, for the {@code vigil.decisions}
 * metric. Rule names come from the policy and the fixed login scopes, so the map stays small; it is
 * capped anyway, and an overflow goes to one shared row.
 */
final class RuleTallies {
  private static final int MAX_ROWS = 512;
  private static final String OVERFLOW_RULE = "other";

  private final ConcurrentHashMap<Row, LongAdder> rows = new ConcurrentHashMap<>();

  void count(String action, String rule, boolean enforced) {
    Row row = new Row(action, rule, enforced);
    LongAdder adder = rows.get(row);
    if (adder == null) {
      if (rows.size() >= MAX_ROWS) {
        row = new Row(action, OVERFLOW_RULE, enforced);
      }
      adder = rows.computeIfAbsent(row, r -> new LongAdder());
    }
    adder.increment();
  }

  List<DecisionTally> snapshot() {
    List<DecisionTally> tallies = new ArrayList<>(rows.size());
    rows.forEach((row, adder) -> tallies.add(new DecisionTally(row.action, row.rule, row.enforced, adder.sum())));
    return tallies;
  }

  private static final class Row {
    final String action;
    final String rule;
    final boolean enforced;

    Row(String action, String rule, boolean enforced) {
      this.action = action;
      this.rule = rule;
      this.enforced = enforced;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Row)) {
        return false;
      }
      Row other = (Row) o;
      return enforced == other.enforced && action.equals(other.action) && rule.equals(other.rule);
    }

    @Override
    public int hashCode() {
      return (action.hashCode() * 31 + rule.hashCode()) * 31 + (enforced ? 1 : 0);
    }
  }
}
