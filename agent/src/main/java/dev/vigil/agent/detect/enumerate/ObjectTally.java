package dev.vigil.agent.detect.enumerate;

import dev.vigil.agent.config.EnumerationLimits;
import dev.vigil.agent.detect.baseline.Baselines;
import dev.vigil.agent.detect.route.ObjectIds;
import dev.vigil.agent.detect.sketch.LinearCounter;

/**
 * One caller's object lookups: distinct objects in a short and a long window (fixed-size sketches),
 * the current walk (ids one step apart, the same step each time), the short window's not-found
 * answers and the bytes its answers carried. About 260 bytes whatever the caller sends; guarded by
 * its own monitor.
 */
final class ObjectTally {
  static final String DISTINCT = "distinct-objects";
  static final String DISTINCT_SLOWLY = "distinct-objects-long-window";
  static final String WALK = "sequential-id-walk";
  static final String NOT_FOUND = "object-not-found-ratio";
  static final String BYTES = "bytes-per-caller";
  /** Bytes count against a caller only over this many distinct objects: one video watched in ranges is a person. */
  static final int BYTES_MIN_OBJECTS = 20;
  /** A repeat this large is judged under the monitor, so that its bytes are counted. */
  private static final long SMALL_ANSWER = 64 * 1024;
  private static final int MAX_STEP = 16;
  private static final long WALK_STEP_NANOS = 2_000_000_000L;

  private final LinearCounter recent;
  private final LinearCounter lasting;
  private long lastNumber = ObjectIds.NOT_NUMERIC;
  private long step;
  private long lastStepAt;
  private int walk;
  private int lookups;
  private int notFound;
  private long bytes;
  /** Answered repeats of the last object, counted without the monitor (see {@link #repeat}); folded into {@link #lookups}. */
  private final java.util.concurrent.atomic.AtomicInteger repeats = new java.util.concurrent.atomic.AtomicInteger();
  private volatile long lastObject;
  private volatile long windowEndsAt;

  ObjectTally(long now) {
    this.recent = new LinearCounter(512, now);
    this.lasting = new LinearCounter(1024, now);
    this.windowEndsAt = now; // no repeat before a first lookup was judged
  }

  /**
   * A found lookup of the same object as the last one, in the same window, with a small answer (its
   * bytes are not counted), changes nothing but the count of lookups: counted here without taking the monitor, so that many threads serving one busy
   * caller (a gateway, a poller) do not queue on it. Returns false when {@link #add} must judge it.
   */
  boolean repeat(long now, long objectHash, boolean found, long size) {
    if (!found || objectHash != lastObject || now - windowEndsAt >= 0 || size > SMALL_ANSWER) {
      return false;
    }
    repeats.incrementAndGet();
    return true;
  }

  /**
   * Adds one answered lookup and says which threshold it crossed, if any; {@code distinctThreshold}
   * is the short window's (the policy's, or higher where the app's baseline says so), and the long
   * window's grows with it; {@code bytesThreshold} likewise for the bytes sent in the short window.
   *
   * @param size the answer's body bytes, or -1 when unknown
   * @param learnFrom where a closed window is learned; null for a caller the thresholds do not protect
   */
  synchronized String add(
      long now, EnumerationLimits limits, int distinctThreshold, long bytesThreshold, long objectHash, long number, boolean found, long size,
      Baselines learnFrom) {
    if (learnFrom != null && now - recent.start() > limits.window.toNanos()) {
      learnFrom.objects().record(Math.round(recent.distinct()));
      if (recent.distinct() >= BYTES_MIN_OBJECTS) { // only windows the bytes signal could judge teach its threshold
        learnFrom.objectKilobytes().record(bytes / 1024);
      }
    }
    if (recent.restartIfOver(now, limits.window.toNanos())) {
      lookups = 0;
      notFound = 0;
      bytes = 0;
      repeats.set(0);
    }
    bytes += Math.max(size, 0);
    lookups += repeats.getAndSet(0);
    lastObject = objectHash;
    windowEndsAt = recent.start() + limits.window.toNanos();
    lasting.restartIfOver(now, limits.longWindow.toNanos());
    recent.add(objectHash);
    lasting.add(objectHash);
    lookups++;
    if (!found) {
      notFound++;
    }
    walk(number, now);
    if (walk >= limits.walk) {
      return WALK;
    }
    if (notFound >= limits.notFound && notFound * 2 >= lookups) {
      return NOT_FOUND;
    }
    if (recent.distinct() >= distinctThreshold) {
      return DISTINCT;
    }
    if (bytes >= bytesThreshold && recent.distinct() >= BYTES_MIN_OBJECTS) {
      return BYTES;
    }
    long longThreshold = Math.min(2_000, (long) limits.longDistinct * distinctThreshold / limits.distinct);
    return lasting.distinct() >= longThreshold ? DISTINCT_SLOWLY : null;
  }



  /** A walk is a program's: each step within {@link #WALK_STEP_NANOS} of the one before (a person paging a gallery is slower). */
  private void walk(long number, long now) {
    if (number == ObjectIds.NOT_NUMERIC) {
      return;
    }
    if (now - lastStepAt > WALK_STEP_NANOS) {
      walk = 0;
      step = 0;
    }
    lastStepAt = now;
    if (lastNumber != ObjectIds.NOT_NUMERIC && number != lastNumber) {
      long delta = number - lastNumber;
      if (delta == step) {
        walk++;
      } else {
        step = Math.abs(delta) <= MAX_STEP ? delta : 0;
        walk = step == 0 ? 0 : 2;
      }
    }
    lastNumber = number;
  }

  /** The value of the signal just crossed, for its event. */
  synchronized double value(String signal) {
    switch (signal) {
      case WALK:
        return walk;
      case NOT_FOUND:
        return notFound;
      case DISTINCT:
        return Math.round(recent.distinct());
      case BYTES:
        return bytes;
      default:
        return Math.round(lasting.distinct());
    }
  }

  /** The evidence beside the value: lookups and not-found answers in the short window. */
  synchronized String evidence() {
    return lookups + " lookups of " + Math.round(recent.distinct()) + " distinct objects, " + notFound + " not found, " + bytes / 1024
        + " kB sent in the short window";
  }
}
