package dev.vigil.agent.detect.baseline;

import com.github.benmanes.caffeine.cache.Ticker;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What one caller usually does in a window, for this app: one HdrHistogram over every caller's closed
 * windows (never per caller), over the last one to two hours. The threshold it gives is three times
 * its 99th percentile, never below the policy's floor and never above the cap (what the per-caller
 * counter still counts well). Robust to the attack: the detector records only the windows of callers
 * it did not refuse, so an attacker who wants a higher threshold must pace many callers just under
 * it, more than one in a hundred of all callers, and still meets the cap. Recording is lock-free
 * (HdrHistogram's {@link Recorder}); the learned value is recomputed once a minute by the thread that
 * finds it stale. Kept across policy changes ({@link Baselines}).
 */
public final class WindowBaseline {
  private static final long MINUTE = 60_000_000_000L;
  private static final long HOUR = 60 * MINUTE;
  private static final int MIN_WINDOWS = 500;
  private static final double QUANTILE = 99.0;
  private static final int FACTOR = 3;

  private final long highest;
  private final long cap;
  private final Recorder recorder;
  private Histogram current;
  private Histogram previous;
  private long hourStart;
  private volatile long nextUpdate;
  /** Three times the 99th percentile once enough windows are known, else 0. */
  private volatile long usual;

  /**
   * @param highest the largest value recorded (larger ones count as it)
   * @param cap the largest threshold it will ever give
   */
  public WindowBaseline(long highest, long cap, Ticker ticker) {
    this.highest = highest;
    this.cap = cap;
    this.recorder = new Recorder(highest, 2);
    this.current = new Histogram(highest, 2);
    this.previous = new Histogram(highest, 2);
    long now = ticker.read();
    this.hourStart = now;
    this.nextUpdate = now + MINUTE;
  }

  /** A caller's window closed with this value. */
  public void record(long value) {
    recorder.recordValue(Math.min(Math.max(value, 0), highest));
  }

  /** The threshold at {@code now} (the ticker's): the learned one, between {@code floor} and the cap. */
  public long threshold(long now, long floor) {
    if (now - nextUpdate >= 0) {
      update(now);
    }
    return Math.max(floor, Math.min(cap, usual));
  }

  private synchronized void update(long now) {
    if (now - nextUpdate < 0) {
      return;
    }
    nextUpdate = now + MINUTE;
    current.add(recorder.getIntervalHistogram());
    if (now - hourStart >= HOUR) {
      previous = current;
      current = new Histogram(highest, 2);
      hourStart = now;
    }
    long windows = current.getTotalCount() + previous.getTotalCount();
    if (windows < MIN_WINDOWS) {
      usual = 0;
      return;
    }
    Histogram both = current.copy();
    both.add(previous);
    usual = FACTOR * both.getValueAtPercentile(QUANTILE);
  }
}
