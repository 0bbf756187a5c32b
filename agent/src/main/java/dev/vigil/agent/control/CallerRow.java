package dev.vigil.agent.control;

import dev.vigil.agent.engine.TopCallers;

/** One caller in the MBean's top lists (an open-type row: JMX clients need no Vigil class to read it). */
public final class CallerRow {
  private final String caller;
  private final long perMinute;
  private final String lastRule;

  CallerRow(TopCallers.Row row) {
    this.caller = row.caller;
    this.perMinute = row.perMinute;
    this.lastRule = row.lastRule == null ? "" : row.lastRule;
  }

  /** As the audit shows it: {@code ip:203.0.113.7}, {@code apikey:#3fa9c1d2e0b4}. */
  public String getCaller() {
    return caller;
  }

  /** Requests (busiest) or refusals (most refused) over the last minute, as many as are certain (a flood of one-off callers cannot inflate it). */
  public long getPerMinute() {
    return perMinute;
  }

  /** The rule that refused the caller last; empty for a busiest client. */
  public String getLastRule() {
    return lastRule;
  }
}
