package dev.vigil.agent.config;

import java.time.Duration;

/**
 * When a source counts as scanning, what is done to it and for how long ({@code detectors.scan}).
 * The defaults: 30 distinct routes answered not-found, or 3 turned-away probes of sensitive paths,
 * within 5 minutes, or 60 distinct routes within an hour (a scanner that paces itself); throttled
 * for 10 minutes. Real people meet a handful of not-found pages an hour; scanners meet hundreds.
 */
public final class ScanLimits {
  public static final ScanLimits DEFAULTS =
      new ScanLimits(DetectorAction.THROTTLE, Duration.ofMinutes(10), 30, 3, Duration.ofMinutes(5), 60, Duration.ofHours(1));

  public final DetectorAction action;
  /** The first refusal; each further one within a day lasts twice the one before. */
  public final Duration duration;
  public final int distinctNotFound;
  public final int probes;
  public final Duration window;
  public final int longDistinctNotFound;
  public final Duration longWindow;

  public ScanLimits(
      DetectorAction action, Duration duration, int distinctNotFound, int probes, Duration window, int longDistinctNotFound, Duration longWindow) {
    this.action = action;
    this.duration = duration;
    this.distinctNotFound = distinctNotFound;
    this.probes = probes;
    this.window = window;
    this.longDistinctNotFound = longDistinctNotFound;
    this.longWindow = longWindow;
  }
}
