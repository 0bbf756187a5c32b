package dev.vigil.agent.detect.scan;

import java.time.Duration;

/**
 * When a source counts as scanning and for how long it is refused. The defaults: 30 distinct routes
 * answered not-found, or 3 turned-away probes of sensitive paths, within 5 minutes; refused for 10.
 * Real people meet a handful of not-found pages an hour; scanners meet hundreds a minute.
 */
public final class ScanLimits {
  public static final ScanLimits DEFAULTS = new ScanLimits(30, 3, Duration.ofMinutes(5), Duration.ofMinutes(10));

  final int distinctNotFound;
  final int probes;
  final Duration window;
  final Duration refusal;

  public ScanLimits(int distinctNotFound, int probes, Duration window, Duration refusal) {
    this.distinctNotFound = distinctNotFound;
    this.probes = probes;
    this.window = window;
    this.refusal = refusal;
  }
}
