package dev.vigil.agent.config;

import java.time.Duration;

/**
 * When a caller counts as enumerating or scraping objects, and what is done to it ({@code
 * detectors.enumeration}). The defaults: 300 distinct objects within 5 minutes (a sustained object a
 * second), or 1,500 within 3 hours (one every 7 seconds, for a scraper that paces itself); a walk of
 * 100 ids in steps of one size; 50 lookups answered not-found, at least half of its lookups, within
 * 5 minutes (guessing ids). For all the session callers at one address together: 3,000 distinct
 * objects within 5 minutes. Answers to one caller's object lookups carrying 500 MB within 5 minutes
 * (13 Mbit/s sustained), over at least 20 distinct objects, or three times what the app's callers
 * usually get where that is more. Throttled for 10 minutes, doubling per offence within a day.
 *
 * <p>People read: a shopper looks at a product every few seconds at most, an office of fifty does
 * not reach a thousand objects in five minutes, and a polite crawler takes one page every ten
 * seconds or slower.
 */
public final class EnumerationLimits {
  public static final EnumerationLimits DEFAULTS =
      new EnumerationLimits(
          DetectorAction.THROTTLE, Duration.ofMinutes(10), 300, Duration.ofMinutes(5), 1_500, Duration.ofHours(3), 100, 50, 3_000, 500);

  public final DetectorAction action;
  /** The first refusal; each further one within a day lasts twice the one before. */
  public final Duration duration;
  public final int distinct;
  public final Duration window;
  public final int longDistinct;
  public final Duration longWindow;
  public final int walk;
  public final int notFound;
  public final int addressDistinct;
  /** Megabytes sent to one caller's object lookups within {@link #window}, at least (the app's baseline may raise it). */
  public final int megabytes;

  public EnumerationLimits(
      DetectorAction action, Duration duration, int distinct, Duration window, int longDistinct, Duration longWindow, int walk, int notFound,
      int addressDistinct, int megabytes) {
    this.action = action;
    this.duration = duration;
    this.distinct = distinct;
    this.window = window;
    this.longDistinct = longDistinct;
    this.longWindow = longWindow;
    this.walk = walk;
    this.notFound = notFound;
    this.addressDistinct = addressDistinct;
    this.megabytes = megabytes;
  }
}
