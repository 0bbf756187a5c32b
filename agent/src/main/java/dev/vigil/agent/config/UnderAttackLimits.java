package dev.vigil.agent.config;

import java.time.Duration;

/**
 * When a route is under attack and how its limits tighten ({@code detectors.underAttack}). Every 10
 * seconds a route's interval is compared with its learned means (after a 5-minute warm-up, learned
 * over about an hour): at least 100 requests and 5 times its usual volume, or 5 times its usual
 * distinct callers, or a failed-answer ratio of 0.5 and 3 times its usual, start an attack; three
 * intervals in a row under twice the usual volume and callers (and a failure ratio under 0.3) end
 * it, and so do 15 minutes. Under attack every /16 (IPv6 /48) and every client fingerprint gets, on
 * that route, twice the route's usual rate and at least 5 requests a second, with 2 seconds of
 * burst: a botnet sending the same headers from many networks at many times the usual volume gets a
 * trickle, while people do not notice, even where one network or one app's headers carry all of the
 * route's usual traffic. A failure-ratio surge counts only with twice the usual volume.
 */
public final class UnderAttackLimits {
  public static final UnderAttackLimits DEFAULTS = new UnderAttackLimits(DetectorAction.THROTTLE, Duration.ofSeconds(10), 30, 1.0 / 360, 5, 100, 3, 0.5, 2, 0.3, 3, 2, 5, 2);

  public final DetectorAction action;
  public final long intervalNanos;
  public final int warmUpIntervals;
  /** The weight of a new interval in the means once warm (1/360: about an hour of 10-second intervals). */
  public final double alpha;
  public final double enterFactor;
  public final long minRequests;
  public final double failureFactor;
  public final double enterFailureRatio;
  public final double releaseFactor;
  public final double releaseFailureRatio;
  public final int releaseIntervals;
  /** Each network's and fingerprint's rate on an attacked route, as a share of the route's usual rate. */
  public final double share;
  public final double minRatePerSecond;
  public final double burstSeconds;

  public UnderAttackLimits(
      DetectorAction action, Duration interval, int warmUpIntervals, double alpha, double enterFactor, long minRequests, double failureFactor,
      double enterFailureRatio, double releaseFactor, double releaseFailureRatio, int releaseIntervals, double share, double minRatePerSecond,
      double burstSeconds) {
    this.action = action;
    this.intervalNanos = interval.toNanos();
    this.warmUpIntervals = warmUpIntervals;
    this.alpha = alpha;
    this.enterFactor = enterFactor;
    this.minRequests = minRequests;
    this.failureFactor = failureFactor;
    this.enterFailureRatio = enterFailureRatio;
    this.releaseFactor = releaseFactor;
    this.releaseFailureRatio = releaseFailureRatio;
    this.releaseIntervals = releaseIntervals;
    this.share = share;
    this.minRatePerSecond = minRatePerSecond;
    this.burstSeconds = burstSeconds;
  }

  /** The same with what the policy may change: {@code detectors.underAttack.action}, {@code interval} and {@code warmUp}. */
  public UnderAttackLimits with(DetectorAction newAction, Duration interval, int newWarmUpIntervals) {
    return new UnderAttackLimits(
        newAction, interval, newWarmUpIntervals, alpha, enterFactor, minRequests, failureFactor, enterFailureRatio, releaseFactor,
        releaseFailureRatio, releaseIntervals, share, minRatePerSecond, burstSeconds);
  }
}
