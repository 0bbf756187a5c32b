package dev.vigil.agent.detect.enumerate;

import java.time.Duration;

/**
 * When a caller counts as enumerating or scraping objects. The defaults: 300 distinct objects within
 * 5 minutes (a sustained object a second), or 1,500 within 3 hours (one every 7 seconds, for a
 * scraper that paces itself); a walk of 100 ids in steps of one size; 50 lookups answered not-found,
 * at least half of its lookups, within 5 minutes (guessing ids). For all callers at one address
 * together, when some of them are told apart by session: 3,000 distinct objects within 5 minutes.
 * Refused for 10 minutes, doubling per offence within a day.
 *
 * <p>People read: a shopper looks at a product every few seconds at most, an office of fifty does
 * not reach a thousand objects in five minutes, and a polite crawler takes one page every ten
 * seconds or slower.
 */
public final class EnumerationLimits {
  public static final EnumerationLimits DEFAULTS =
      new EnumerationLimits(300, Duration.ofMinutes(5), 1_500, Duration.ofHours(3), 100, 50, 3_000, Duration.ofMinutes(10));

  final int distinct;
  final Duration window;
  final int longDistinct;
  final Duration longWindow;
  final int walk;
  final int notFound;
  final int addressDistinct;
  final Duration refusal;

  public EnumerationLimits(
      int distinct, Duration window, int longDistinct, Duration longWindow, int walk, int notFound, int addressDistinct, Duration refusal) {
    this.distinct = distinct;
    this.window = window;
    this.longDistinct = longDistinct;
    this.longWindow = longWindow;
    this.walk = walk;
    this.notFound = notFound;
    this.addressDistinct = addressDistinct;
    this.refusal = refusal;
  }
}
