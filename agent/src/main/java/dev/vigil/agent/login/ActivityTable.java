package dev.vigil.agent.login;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.vigil.agent.limit.TableSegments;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/** {@link SourceActivity} per address or per network, bounded and forgotten a window after the last attempt. */
final class ActivityTable {
  private final long windowNanos;
  private final Cache<String, SourceActivity> activity;
  private final Function<String, SourceActivity> newActivity;

  ActivityTable(long windowNanos, int distinctThreshold, int maxKeys, Ticker ticker) {
    this.windowNanos = windowNanos;
    this.activity =
        Caffeine.newBuilder()
            .maximumSize(maxKeys)
            .expireAfterAccess(windowNanos, TimeUnit.NANOSECONDS)
            .ticker(ticker)
            .executor(Runnable::run)
            .build();
    this.newActivity = key -> new SourceActivity(distinctThreshold);
  }

  /** Records one attempt; returns the distinct failed usernames now in the source's window. */
  int record(String source, long now, long userHash, LoginOutcome outcome) {
    return activity.get(source, newActivity).record(now, windowNanos, userHash, outcome);
  }

  /** Takes a place for an attempt from {@code source}; false when the distinct-username threshold is full. */
  boolean tryReserve(String source, long now) {
    return activity.get(source, newActivity).tryReserve(now, windowNanos);
  }

  void release(String source, long reservedAt, long now) {
    SourceActivity entry = activity.getIfPresent(source);
    if (entry != null) {
      entry.release(reservedAt, now);
    }
  }

  /**
   * When {@code source}'s failure or unknown-user ratio has reached its threshold: that signal's
   * name and value, with the ratios started afresh (the lockout that follows consumes them); else null.
   */
  RatioSignal takeRatioSignal(String source, StuffingSettings settings) {
    SourceActivity entry = activity.getIfPresent(source);
    if (entry == null) {
      return null;
    }
    synchronized (entry) {
      String signal = entry.ratioSignal(settings);
      if (signal == null) {
        return null;
      }
      RatioSignal taken = new RatioSignal(signal, entry.ratio(signal));
      entry.forgetRatios();
      return taken;
    }
  }

  /** A ratio that crossed its threshold. */
  static final class RatioSignal {
    final String name;
    final double value;

    RatioSignal(String name, double value) {
      this.name = name;
      this.value = value;
    }
  }

  /** After {@link #record}: where the failure came from, or that the username got in (a wide network's spread). */
  void spread(String source, long subnetHash, long userHash, boolean success) {
    SourceActivity entry = activity.getIfPresent(source);
    if (entry != null) {
      entry.spread(subnetHash, userHash, success);
    }
  }

  /** See {@link SourceActivity#spreadLikeStuffing}. */
  boolean spreadLikeStuffing(String source, int minSubnets, double ratio) {
    SourceActivity entry = activity.getIfPresent(source);
    return entry != null && entry.spreadLikeStuffing(minSubnets, ratio);
  }

  void forgetUsernames(String source) {
    SourceActivity entry = activity.getIfPresent(source);
    if (entry != null) {
      entry.forgetUsernames();
    }
  }

  long estimatedSize() {
    return activity.estimatedSize();
  }

  void cleanUp() {
    activity.cleanUp();
  }

  Iterable<String> keys() {
    return activity.asMap().keySet();
  }

  int forget(Predicate<String> which) {
    return TableSegments.forget(activity, which);
  }
}
