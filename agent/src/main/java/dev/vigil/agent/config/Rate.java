package dev.vigil.agent.config;

import java.math.BigDecimal;

/** A sustained request rate written as {@code N/s}, {@code N/m} or {@code N/h}. */
public final class Rate {
  private final double perSecond;
  /** As written, for lines people read; transient: {@code 20/S} and {@code 1200/m} are the rate {@code 20/s} is (see SameSettings). */
  private final transient String text;

  private Rate(double perSecond, String text) {
    this.perSecond = perSecond;
    this.text = text;
  }

  public static Rate perSecond(double perSecond) {
    if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
      throw new IllegalArgumentException("must be positive");
    }
    return new Rate(perSecond, BigDecimal.valueOf(perSecond).stripTrailingZeros().toPlainString() + "/s");
  }

  public static Rate parse(String value) {
    String text = value == null ? "" : value.trim().replace(" ", "");
    int slash = text.indexOf('/');
    if (slash <= 0 || slash == text.length() - 1) {
      throw new IllegalArgumentException("expected N/s, N/m or N/h (e.g. 20/s)");
    }
    double seconds = unitSeconds(text.substring(slash + 1).toLowerCase(java.util.Locale.ROOT));
    String number = text.substring(0, slash);
    // digits and one decimal point only: Java's own syntax would read 20d/s as 20/s and 1e2/s as 100/s
    if (!number.matches("[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)")) {
      throw new IllegalArgumentException("expected N/s, N/m or N/h (e.g. 20/s)");
    }
    double count = Double.parseDouble(number);
    if (!(count > 0) || Double.isInfinite(count)) {
      throw new IllegalArgumentException("must be positive");
    }
    // one request per interval: a longer interval than any duration the policy allows would not fit a bucket
    if (seconds / count > Policy.MAX_DURATION.getSeconds()) {
      throw new IllegalArgumentException("must be at least one per " + Policy.MAX_DURATION_TEXT);
    }
    return new Rate(count / seconds, text);
  }

  private static double unitSeconds(String unit) {
    switch (unit) {
      case "s":
        return 1;
      case "m":
        return 60;
      case "h":
        return 3600;
      default:
        throw new IllegalArgumentException("unit must be s, m or h (e.g. 20/s, 100/m, 1000/h)");
    }
  }

  public double perSecond() {
    return perSecond;
  }

  /** The burst that lets one second's worth of requests through at once: ceil(rate per second), at least 1. */
  public long defaultBurst() {
    return Math.max(1, (long) Math.ceil(perSecond));
  }

  @Override
  public String toString() {
    return text;
  }
}
