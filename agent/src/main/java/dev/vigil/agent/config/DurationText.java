package dev.vigil.agent.config;

import java.time.Duration;

/** Durations as the policy writes them ({@code 500ms, 30s, 10m, 2h, 1d}), for what operators type and read. */
public final class DurationText {
  private DurationText() {}

  /** @throws IllegalArgumentException with a short reason, as the policy loader gives it */
  public static Duration parse(String text) {
    return PolicyValueDeserializers.duration(text == null ? "" : text);
  }

  /** The largest whole unit: {@code 90s} is {@code 90s}, {@code 2h} is {@code 2h}. */
  public static String of(Duration duration) {
    long millis = duration.toMillis();
    long[] units = {86_400_000, 3_600_000, 60_000, 1_000};
    String[] names = {"d", "h", "m", "s"};
    for (int i = 0; i < units.length; i++) {
      if (millis % units[i] == 0) {
        return millis / units[i] + names[i];
      }
    }
    return millis + "ms";
  }
}
