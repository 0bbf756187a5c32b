package dev.vigil.agent.detect.enumerate;

import com.github.benmanes.caffeine.cache.Ticker;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What normal looks like for object lookups in this app: the distinct objects callers look up in a
 * short window, as one HdrHistogram over every caller's closed windows (never per caller), over the
 * last one to two hours. An app whose people look at many objects (a photo grid, a back office)
 * raises the short-window threshold to three times its 99th percentile, at most 1,000 (what the
 * per-caller sketch counts well); it never lowers it below the policy's. Robust to the attack: a
 * refused caller's window is not recorded, so an attacker who wants a higher threshold must pace
 * many callers just under it, more than one in a hundred of all callers, and still meets the cap.
 * Recording is lock-free (HdrHistogram's {@link Recorder}); the threshold is recomputed once a minute
 * by the thread that finds it stale.
 */
final class ObjectBaseline {
  static final int CAP = 1_000;
  private static final long MINUTE = 60_000_000_000L;
  private static final long HOUR = 60 * MINUTE;
  private static final int MIN_WINDOWS = 500;
  private static final double QUANTILE = 99.0;
  private static final int FACTOR = 3;
  private static final long HIGHEST = 100_000;

  private final int floor;
  private final Recorder recorder = new Recorder(HIGHEST, 2);
  private Histogram current = new Histogram(HIGHEST, 2);
  private Histogram previous = new Histogram(HIGHEST, 2);
  private long hourStart;
  private volatile long nextUpdate;
  private volatile int threshold;

  ObjectBaseline(int floor, Ticker ticker) {
    this.floor = floor;
    this.threshold = floor;
    long now = ticker.read();
    this.hourStart = now;
    this.nextUpdate = now + MINUTE;
  }

  /** A caller's short window closed with {@code distinct} objects looked up. */
  void record(long distinct) {
    recorder.recordValue(Math.min(Math.max(distinct, 0), HIGHEST));
  }

  /** The short window's distinct-object threshold at {@code now} (the ticker's). */
  int threshold(long now) {
    if (now - nextUpdate >= 0) {
      update(now);
    }
    return threshold;
  }

  private synchronized void update(long now) {
    if (now - nextUpdate < 0) {
      return;
    }
    nextUpdate = now + MINUTE;
    current.add(recorder.getIntervalHistogram());
    if (now - hourStart >= HOUR) {
      previous = current;
      current = new Histogram(HIGHEST, 2);
      hourStart = now;
    }
    long windows = current.getTotalCount() + previous.getTotalCount();
    if (windows < MIN_WINDOWS) {
      threshold = floor;
      return;
    }
    Histogram both = current.copy();
    both.add(previous);
    long usual = both.getValueAtPercentile(QUANTILE);
    threshold = (int) Math.max(floor, Math.min(CAP, FACTOR * usual));
  }
}
