package dev.vigil.benchmarks.e2e;

import java.io.PrintStream;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/** The histograms' shape (nanoseconds, 3 significant digits, up to an hour) and how they are printed. */
final class LoadHistograms {
  static final double NANOS_PER_MILLI = 1_000_000.0;
  private static final long HIGHEST_TRACKABLE_NANOS = 3_600_000_000_000L;

  private LoadHistograms() {}

  static Histogram newHistogram() {
    return new Histogram(1, HIGHEST_TRACKABLE_NANOS, 3);
  }

  /** "p50=0.123 p90=... p99=... p99.9=... max=..." in milliseconds. */
  static String percentilesMillis(Histogram h) {
    return String.format(Locale.ROOT, "p50=%.3f p90=%.3f p99=%.3f p99.9=%.3f max=%.3f",
        ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)), ms(h.getValueAtPercentile(99)),
        ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()));
  }

  /** HdrHistogram's percentile distribution (.hgrm), values in milliseconds, 5 steps per half-distance. */
  static void writePercentileDistribution(Histogram h, PrintStream out) {
    h.outputPercentileDistribution(out, 5, NANOS_PER_MILLI);
  }

  private static double ms(long nanos) {
    return nanos / NANOS_PER_MILLI;
  }
}
