package dev.vigil.agent.detect.scan;

import java.time.Duration;

/**
 * When a source counts as scanning and for how long it is refused. The defaults: 30 distinct routes
 * answered not-found, or 3 turned-away probes of sensitive paths, within 5 minutes, or 60 distinct
 * routes within an hour (a scanner that paces itself); refused for 10 minutes. Real people meet a
 * handful of not-found pages an hour; scanners meet hundreds.
 */
public final class ScanLimits {
  public static final ScanLimits DEFAULTS = new ScanLimits(30, 3, Duration.ofMinutes(5), 60, Duration.ofHours(1), Duration.ofMinutes(10));

  final int distinctNotFound;
  final int probes;
  final Duration window;
  final int longDistinctNotFound;
  final Duration longWindow;
  final Duration refusal;

  public ScanLimits(int distinctNotFound, int probes, Duration window, int longDistinctNotFound, Duration longWindow, Duration refusal) {
    this.distinctNotFound = distinctNotFound;
    this.probes = probes;
    this.window = window;
    this.longDistinctNotFound = longDistinctNotFound;
    this.longWindow = longWindow;
    this.refusal = refusal;
  }
}
