package dev.vigil.agent.detect.refusal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.vigil.agent.limit.SizeEvictions;
import dev.vigil.agent.limit.TableSegments;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * The callers a behavioural detector has refused, and for how long: a first refusal lasts the
 * detector's base duration, each further one within a day twice the one before (at most 64 times the
 * base), so a source that waits out its refusal and starts again is refused for longer each time.
 * Refused keys live in a segment of their own that a flood of new callers cannot push out before
 * their refusal ends; the offences of the day too.
 */
public final class Refusals {
  private static final int MAX_DOUBLINGS = 6;
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final Duration base;
  private final Ticker ticker;
  /** When each refusal ends, in ticker nanoseconds. */
  private final Cache<String, Long> refused;
  private final Cache<String, Integer> offences;
  /** Until a first caller is refused, asking costs no lookup. */
  private volatile boolean anyRefused;

  /** @param detector the detector's name, for the notice of a full segment */
  public Refusals(String detector, Duration base, int maxRefused, Ticker ticker) {
    this.base = base;
    this.ticker = ticker;
    this.refused =
        TableSegments.bounded(
            maxRefused, base.toNanos() << MAX_DOUBLINGS, ticker,
            SizeEvictions.noticed(detector + ": more refused callers at once than it keeps apart; the least active are forgiven early"));
    this.offences = TableSegments.bounded(maxRefused, Duration.ofDays(1).toNanos(), ticker, SizeEvictions.counted());
  }

  /** Seconds until {@code key}'s refusal ends, rounded up (a caller that waits as told is let in), or 0 when it is not refused. */
  public long retryAfterSeconds(String key) {
    if (!anyRefused || key == null) {
      return 0;
    }
    Long until = refused.getIfPresent(key);
    if (until == null) {
      return 0;
    }
    long left = until - ticker.read();
    if (left <= 0) {
      refused.invalidate(key);
      return 0;
    }
    return Math.max(1, (left + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND);
  }

  /** Whether any key was ever refused: until then, asking about one is not worth its key. */
  public boolean anyRefused() {
    return anyRefused;
  }

  public boolean isRefused(String key) {
    return retryAfterSeconds(key) > 0;
  }

  /** Refused keys and the day's offences held now (estimated). */
  public long trackedKeys() {
    return refused.estimatedSize() + offences.estimatedSize();
  }

  /** Refuses {@code key} from now: returns what was started, for the anomaly's explanation. */
  public Refusal refuse(String key) {
    Integer before = offences.getIfPresent(key);
    int offence = before == null ? 1 : before + 1;
    offences.put(key, offence);
    Duration length = base.multipliedBy(1L << Math.min(offence - 1, MAX_DOUBLINGS));
    refused.put(key, ticker.read() + length.toNanos());
    anyRefused = true;
    return new Refusal(length, offence);
  }

  /** One refusal just started. */
  public static final class Refusal {
    public final Duration length;
    /** 1 for the first refusal of the day, 2 for the next, … */
    public final int offence;

    Refusal(Duration length, int offence) {
      this.length = length;
      this.offence = offence;
    }

    /** {@code refused for 10m}, {@code refused for 20m (offence 2 today)}. */
    @Override
    public String toString() {
      return "refused for " + length.toMinutes() + "m" + (offence > 1 ? " (offence " + offence + " today)" : "");
    }
  }

  /** Forgives every key {@code which} accepts, its offences too (an operator's unlock). */
  public int forget(Predicate<String> which) {
    TableSegments.forget(offences, which);
    return TableSegments.forget(refused, which);
  }
}
