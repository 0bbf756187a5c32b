package dev.vigil.agent.detect.attack;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.vigil.agent.config.UnderAttackLimits;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * One route template's load: what the current 10-second interval has seen (requests, answers by
 * status class, distinct callers in a small racy HyperLogLog: a lost update only undercounts a
 * little, and the latency and size of a sample of its answers), what normal looks like (means
 * learned online over the intervals, and an interval far above them counted only up to three times
 * the mean, so a surge cannot teach itself as normal; an interval under attack teaches nothing), and
 * whether the route is under attack now. Updates on request threads are lock-free; the interval's close is
 * taken by one thread under the monitor.
 */
final class RouteLoad {
  private static final int REGISTERS = 64;
  /** An interval is judged early only on what at least a second of it shows. */
  private static final long EARLIEST_NANOS = 1_000_000_000L;
  private static final int MIN_CALLERS = 20;
  /** Then the route is judged afresh (its means were not taught by the attack, so a flood still going starts a new one). */
  private static final long MAX_ATTACK_NANOS = 15 * 60 * 1_000_000_000L;
  /** Striped: every request thread on a busy route adds here, and one shared counter would be a contended cache line. */
  private final LongAdder requests = new LongAdder();
  /** Answers by status class, 2xx to 5xx (anything from 500 up counts as 5xx); the failed ones are the last two. */
  private final LongAdder[] statuses = {new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder()};
  private final AnswerSample answers = new AnswerSample();
  private final byte[] callers = new byte[REGISTERS];
  private volatile long intervalStart;
  /** The usual requests per nanosecond times the entry factor (set at each close once warm; 0 before). */
  private volatile double surgeRate;
  private volatile long minSurge = Long.MAX_VALUE;
  // guarded by this
  private double meanRequests;
  private double meanFailureRatio;
  private double meanCallers;
  private final double[] meanShares = new double[4];
  private double meanLatencyNanos;
  private double meanBytes;
  private long timedIntervals;
  private long sizedIntervals;
  /** The interval that started the attack: its sample of latency and size, for the event. */
  private double judgedLatencyNanos = -1;
  private double judgedBytes = -1;
  private long intervals;
  private int calm;
  private volatile AttackLimits attack;
  private AttackLimits last;

  RouteLoad(long now) {
    this.intervalStart = now;
  }

  /**
   * Counts one answered (or refused: status 0) request; the caller's hash feeds the distinct-callers
   * sketch; {@code latencyNanos} and {@code bytes} are the answer's for a sampled request (else -1).
   * Returns true when the interval so far is already a surge for the time it has lasted (checked
   * about one request in 64): a flood is judged within a second or so, not at the end of its interval.
   */
  boolean record(long callerHash, int status, long latencyNanos, long bytes, long now) {
    requests.increment();
    if (status >= 200) {
      statuses[Math.min(status / 100, 5) - 2].increment();
    }
    answers.add(latencyNanos, bytes);
    boolean surge = false;
    if (ThreadLocalRandom.current().nextInt(64) == 0) { // summed about once in 64 requests
      long count = requests.sum();
      surge = count >= minSurge && count >= surgeRate * Math.max(now - intervalStart, EARLIEST_NANOS);
    }
    int index = (int) (callerHash & (REGISTERS - 1));
    byte rank = (byte) (Long.numberOfLeadingZeros((callerHash >>> 6) | 1L) - 6 + 1);
    if (rank > callers[index]) {
      callers[index] = rank; // racy by design: two callers at once may keep the lower rank
    }
    return surge;
  }

  /** How long since its current interval began: a route with no requests never closes one. */
  long idleNanos(long now) {
    return now - intervalStart;
  }

  boolean intervalOver(long now, long intervalNanos) {
    return now - intervalStart >= intervalNanos;
  }

  /** The attack limits while under attack, else null. */
  AttackLimits attack() {
    return attack;
  }

  /**
   * Closes the interval(s) that ended and judges it; returns what changed: {@link Change#STARTED},
   * {@link Change#ENDED} or null. One thread does it; others that arrive meanwhile see it done.
   */
  /** @param mayStart false when as many routes are under attack as the detector keeps limits for */
  synchronized Change close(long now, UnderAttackLimits s, Ticker ticker, boolean mayStart) {
    boolean early = now - intervalStart < s.intervalNanos;
    if (early && (attack != null || requests.sum() < minSurge)) {
      return null;
    }
    long judgedFrom = intervalStart;
    boolean warm = intervals >= s.warmUpIntervals;
    if (early) {
      // a look at the interval so far: it ends early only if it is a surge already
      long so = requests.sum();
      double fraction = (double) Math.max(now - judgedFrom, EARLIEST_NANOS) / s.intervalNanos;
      if (!warm || !surging(so, distinctCallers(), so == 0 ? 0 : (double) (statuses[2].sum() + statuses[3].sum()) / so, fraction, s)) {
        return null;
      }
    }
    long missed = early ? 0 : (now - intervalStart) / s.intervalNanos - 1;
    intervalStart = now;
    long seen = requests.sumThenReset();
    double distinct = distinctCallers();
    java.util.Arrays.fill(callers, (byte) 0);
    double[] shares = new double[statuses.length];
    long answered = 0;
    for (int i = 0; i < shares.length; i++) {
      shares[i] = statuses[i].sumThenReset();
      answered += (long) shares[i];
    }
    long failed = (long) (shares[2] + shares[3]);
    double ratio = seen == 0 ? 0 : (double) failed / seen;
    for (int i = 0; answered > 0 && i < shares.length; i++) {
      shares[i] /= answered;
    }
    double latency = answers.meanLatencyThenReset();
    double bytes = answers.meanBytesThenReset();
    AttackLimits current = attack;
    if (current == null) {
      if (warm && mayStart && (early || surging(seen, distinct, ratio, 1, s))) {
        minSurge = Long.MAX_VALUE;
        double usualRate = Math.max(meanRequests, 1) / (s.intervalNanos / 1e9);
        attack = new AttackLimits(usualRate, s, ticker, judgedFrom, now, seen, distinct, ratio, meanRequests, meanCallers);
        calm = 0;
        judgedLatencyNanos = latency;
        judgedBytes = bytes;
        return Change.STARTED;
      }
      learn(seen, distinct, ratio, missed, s);
      learnAnswers(answered, shares, latency, bytes, s);
      armEarlyJudgement(s);
      return null;
    }
    boolean quiet = seen < s.releaseFactor * Math.max(meanRequests, s.minRequests / s.enterFactor)
        && distinct < s.releaseFactor * Math.max(meanCallers, s.minRequests / s.enterFactor)
        && ratio < Math.max(s.releaseFactor * meanFailureRatio, s.releaseFailureRatio);
    calm = quiet ? calm + 1 : 0;
    // an attack lasts at most MAX_ATTACK: what it costs real users who share a network or a browser with it stays bounded
    if (calm >= s.releaseIntervals || now - current.startedAt >= MAX_ATTACK_NANOS) {
      attack = null;
      last = current;
      current.end(now);
      armEarlyJudgement(s);
      return Change.ENDED;
    }
    return null;
  }

  private void armEarlyJudgement(UnderAttackLimits s) {
    if (intervals >= s.warmUpIntervals) {
      surgeRate = s.enterFactor * meanRequests / s.intervalNanos;
      minSurge = s.minRequests;
    }
  }

  /**
   * A surge is many callers at once: far more of them than usual, or far more requests or failures
   * than usual from at least {@link #MIN_CALLERS} of them (a heavy job from a few addresses is the
   * per-address rules' business, not an attack on the route). {@code fraction}: how much of an
   * interval the counts cover.
   */
  private boolean surging(long seen, double distinct, double ratio, double fraction, UnderAttackLimits s) {
    if (seen < s.minRequests || distinct < MIN_CALLERS) {
      return false;
    }
    return distinct >= Math.max(s.enterFactor * meanCallers * fraction, s.minRequests)
        || (seen >= s.enterFactor * meanRequests * fraction && distinct >= 2 * meanCallers * fraction)
        || (ratio >= Math.max(s.failureFactor * meanFailureRatio, s.enterFailureRatio) && seen >= 2 * meanRequests * fraction);
  }

  /** Moves the means toward this interval, each value clipped at three times its mean once warm; missed intervals decay them. */
  private void learn(long seen, double distinct, double ratio, long missed, UnderAttackLimits s) {
    if (intervals > 0) {
      // empty intervals pull the means down, but only intervals with requests count toward the warm-up
      double keep = Math.pow(1 - s.alpha, Math.min(missed, 100_000));
      meanRequests *= keep;
      meanCallers *= keep;
    }
    if (seen > 0) {
      update(seen, distinct, ratio, s);
    }
  }

  private void update(double seen, double distinct, double ratio, UnderAttackLimits s) {
    intervals++;
    double alpha = Math.max(1.0 / intervals, s.alpha);
    if (intervals > s.warmUpIntervals) {
      seen = Math.min(seen, 3 * meanRequests + s.minRequests / s.enterFactor);
      distinct = Math.min(distinct, 3 * meanCallers + s.minRequests / s.enterFactor);
    }
    meanRequests += alpha * (seen - meanRequests);
    meanCallers += alpha * (distinct - meanCallers);
    meanFailureRatio += alpha * (ratio - meanFailureRatio);
  }

  /**
   * The status mix, latency and size of the route's answers; latency and size each counted over the
   * intervals that sampled any, and clipped like the volume once those are past the warm-up.
   */
  private void learnAnswers(long answered, double[] shares, double latency, double bytes, UnderAttackLimits s) {
    if (answered == 0) {
      return;
    }
    double alpha = Math.max(1.0 / intervals, s.alpha);
    for (int i = 0; i < shares.length; i++) {
      meanShares[i] += alpha * (shares[i] - meanShares[i]);
    }
    if (latency >= 0) {
      timedIntervals++;
      meanLatencyNanos = moved(meanLatencyNanos, latency, timedIntervals, s);
    }
    if (bytes >= 0) {
      sizedIntervals++;
      meanBytes = moved(meanBytes, bytes, sizedIntervals, s);
    }
  }

  private static double moved(double mean, double value, long counted, UnderAttackLimits s) {
    double clipped = counted > s.warmUpIntervals ? Math.min(value, 3 * mean) : value;
    return mean + Math.max(1.0 / counted, s.alpha) * (clipped - mean);
  }

  /** What the route's answers usually are, and what the interval that started the attack showed, for the attack's event. */
  synchronized String answersEvidence() {
    return String.format(
        java.util.Locale.ROOT, "answers usually %.0f%% 2xx, %.0f%% 3xx, %.0f%% 4xx, %.0f%% 5xx, %s and %s each (this surge: %s, %s)",
        100 * meanShares[0], 100 * meanShares[1], 100 * meanShares[2], 100 * meanShares[3], AnswerSample.millis(meanLatencyNanos),
        AnswerSample.kilobytes(meanBytes), AnswerSample.millis(judgedLatencyNanos), AnswerSample.kilobytes(judgedBytes));
  }

  /** The learned means, for tests: 2xx to 5xx shares, then latency (ns) and bytes per answer. */
  synchronized double[] usualAnswers() {
    return new double[] {meanShares[0], meanShares[1], meanShares[2], meanShares[3], meanLatencyNanos, meanBytes};
  }

  private double distinctCallers() {
    double sum = 0;
    int zeros = 0;
    for (byte register : callers) {
      sum += 1.0 / (1L << register);
      zeros += register == 0 ? 1 : 0;
    }
    double estimate = 0.709 * REGISTERS * REGISTERS / sum;
    return estimate <= 2.5 * REGISTERS && zeros > 0 ? REGISTERS * Math.log((double) REGISTERS / zeros) : estimate;
  }

  /** The attack that ended last, for its event. */
  synchronized AttackLimits lastAttack() {
    return last;
  }

  /** What an interval's close changed. */
  enum Change {
    STARTED,
    ENDED
  }
}
