package dev.vigil.agent.detect.attack;

import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * The latency and size of a sample of one route's answers in its current interval: only sampled
 * requests carry a latency (the engine reads the clock for about one in sixteen), and only answers
 * whose size the server tells carry one. Striped, like the route's other counters.
 */
final class AnswerSample {
  private final LongAdder latencyNanos = new LongAdder();
  private final LongAdder timed = new LongAdder();
  private final LongAdder bytes = new LongAdder();
  private final LongAdder sized = new LongAdder();

  /** @param latency the answer's latency, or -1; @param size its body bytes, or -1 */
  void add(long latency, long size) {
    if (latency >= 0) {
      latencyNanos.add(latency);
      timed.increment();
    }
    if (size >= 0) {
      bytes.add(size);
      sized.increment();
    }
  }

  /** The interval's mean latency, or -1 when no answer in it was timed; starts the next interval. */
  double meanLatencyThenReset() {
    long count = timed.sumThenReset();
    long sum = latencyNanos.sumThenReset();
    return count == 0 ? -1 : (double) sum / count;
  }

  double meanBytesThenReset() {
    long count = sized.sumThenReset();
    long sum = bytes.sumThenReset();
    return count == 0 ? -1 : (double) sum / count;
  }

  static String millis(double nanos) {
    return nanos < 0 ? "unknown latency" : String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
  }

  static String kilobytes(double bytes) {
    return bytes < 0 ? "unknown size" : String.format(Locale.ROOT, "%.1f kB", bytes / 1e3);
  }
}
