package dev.vigil.agent.detect.attack;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.vigil.agent.config.UnderAttackLimits;
import dev.vigil.agent.limit.BucketShape;
import dev.vigil.agent.limit.BucketTable;
import java.time.Duration;

/**
 * The tightened limits of one attack on one route, built when it starts from the route's usual rate:
 * a bucket per /16 (IPv6 /48) and one per client fingerprint, each at a share of that rate. Bounded
 * like a rule's table; gone with the attack.
 */
final class AttackLimits {
  private static final int MAX_KEYS = 10_000;
  private static final int MAX_REFUSED_KEYS = 2_000;
  final double ratePerSecond;
  final long startedAt;
  /** When the interval that started it began. */
  final long intervalStart;
  /** What started it, for the events. */
  final long requests;
  final double callers;
  final double failureRatio;
  final double usualRequests;
  final double usualCallers;
  private final BucketTable networks;
  private final BucketTable fingerprints;
  private volatile long endedAt;

  AttackLimits(
      double usualRatePerSecond, UnderAttackLimits s, Ticker ticker, long intervalStart, long now, long requests, double callers,
      double failureRatio, double usualRequests, double usualCallers) {
    this.intervalStart = intervalStart;
    this.ratePerSecond = Math.max(s.share * usualRatePerSecond, s.minRatePerSecond);
    this.startedAt = now;
    this.requests = requests;
    this.callers = callers;
    this.failureRatio = failureRatio;
    this.usualRequests = usualRequests;
    this.usualCallers = usualCallers;
    BucketShape shape = new BucketShape(ratePerSecond, Math.max(1, (long) Math.ceil(ratePerSecond * s.burstSeconds)));
    Duration idle = Duration.ofMinutes(1);
    this.networks = new BucketTable(UnderAttackDetector.RULE, shape, MAX_KEYS, MAX_REFUSED_KEYS, idle, ticker);
    this.fingerprints = new BucketTable(UnderAttackDetector.RULE, shape, MAX_KEYS, MAX_REFUSED_KEYS, idle, ticker);
  }

  /** 0 when the network may send this request now, else nanoseconds to wait. */
  long network(String network, long now) {
    return networks.tryAcquire(network, now);
  }

  long fingerprint(String fingerprint, long now) {
    return fingerprints.tryAcquire(fingerprint, now);
  }

  void end(long now) {
    endedAt = now;
  }

  long lastedNanos() {
    return endedAt - startedAt;
  }
}
