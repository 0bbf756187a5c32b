package dev.vigil.agent.telemetry.export.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** Which OTLP/HTTP answers are worth another attempt, and how long the backend asked to wait: as the SDK's senders read them. */
final class RetryableAnswer {
  private static final Set<Integer> RETRYABLE_STATUS = Set.of(429, 502, 503, 504);

  private RetryableAnswer() {}

  static boolean retryable(int status) {
    return RETRYABLE_STATUS.contains(status);
  }

  /** A {@code Retry-After} in seconds or as an HTTP date; empty when absent or unreadable. */
  static OptionalLong retryAfterNanos(String header, Instant now) {
    if (header == null) {
      return OptionalLong.empty();
    }
    try {
      long seconds = Long.parseLong(header.trim());
      return seconds < 0 ? OptionalLong.empty() : OptionalLong.of(TimeUnit.SECONDS.toNanos(seconds));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return OptionalLong.of(Math.max(0, Duration.between(now, at).toNanos()));
      } catch (DateTimeParseException | ArithmeticException notADate) {
        return OptionalLong.empty();
      }
    }
  }
}
