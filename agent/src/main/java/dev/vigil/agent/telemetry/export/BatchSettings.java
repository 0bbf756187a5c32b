package dev.vigil.agent.telemetry.export;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import java.time.Duration;

/**
 * A signal's batching, read from the settings the SDK's batch processors read ({@code
 * otel.bsp.*} for spans, {@code otel.blrp.*} for log records) with the SDK's defaults and checks.
 */
final class BatchSettings {
  static final int DEFAULT_QUEUE = 2048;
  private static final int DEFAULT_BATCH = 512;
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  final long delayNanos;
  final int maxQueue;
  final int maxBatch;
  final long timeoutNanos;

  BatchSettings(long delayNanos, int maxQueue, int maxBatch, long timeoutNanos) {
    this.delayNanos = delayNanos;
    this.maxQueue = maxQueue;
    this.maxBatch = maxBatch;
    this.timeoutNanos = timeoutNanos;
  }

  /** Spans: {@code otel.bsp.*}, a batch every 5 s. */
  static BatchSettings spans(ConfigProperties config) {
    return read(config, "otel.bsp", Duration.ofSeconds(5));
  }

  /** Log records: {@code otel.blrp.*}, a batch every second. */
  static BatchSettings logs(ConfigProperties config) {
    return read(config, "otel.blrp", Duration.ofSeconds(1));
  }

  /** For an exporter that prints: each item goes out on the loop that wrote it, as the SDK's simple processor would send it. */
  BatchSettings unbatched() {
    return new BatchSettings(0, maxQueue, maxBatch, timeoutNanos);
  }

  private static BatchSettings read(ConfigProperties config, String prefix, Duration defaultDelay) {
    Duration delay = config.getDuration(prefix + ".schedule.delay", defaultDelay);
    int queue = config.getInt(prefix + ".max.queue.size", DEFAULT_QUEUE);
    int batch = config.getInt(prefix + ".max.export.batch.size", DEFAULT_BATCH);
    Duration timeout = config.getDuration(prefix + ".export.timeout", DEFAULT_TIMEOUT);
    check(!delay.isNegative(), prefix + ".schedule.delay must be non-negative");
    check(queue > 0, prefix + ".max.queue.size must be positive");
    check(batch > 0, prefix + ".max.export.batch.size must be positive");
    check(!timeout.isNegative(), prefix + ".export.timeout must be non-negative");
    // a batch larger than the queue is cut to the queue, and a zero timeout means no limit, as for the SDK's processors
    return new BatchSettings(delay.toNanos(), queue, Math.min(batch, queue), timeout.isZero() ? Long.MAX_VALUE : timeout.toNanos());
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new ConfigurationException(message);
    }
  }
}
