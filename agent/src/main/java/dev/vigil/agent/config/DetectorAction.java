package dev.vigil.agent.config;

import java.util.Locale;

/** What a behavioural detector does to a caller it caught, for the policy's {@code detectors:} section. */
public enum DetectorAction {
  /** 429 with {@code Retry-After} until the refusal ends (the default). */
  THROTTLE,
  /** 403 until the refusal ends. */
  BLOCK,
  /** Record the anomaly and what would have been refused; refuse nothing. */
  MONITOR,
  /** The detector is not in the chain at all. */
  OFF;

  public static DetectorAction parse(String text) {
    String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    for (DetectorAction action : values()) {
      if (action.yamlName().equals(value)) {
        return action;
      }
    }
    throw new IllegalArgumentException("must be one of throttle, block, monitor, off");
  }

  public String yamlName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
