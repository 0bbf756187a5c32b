package dev.vigil.agent.config;

import java.util.Locale;

/** Whether decisions are applied ({@code enforce}) or only recorded ({@code monitor}). */
public enum Mode {
  ENFORCE,
  MONITOR;

  /** Parses the YAML / system property spelling, case-insensitively. */
  public static Mode parse(String text) {
    String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    if (value.equals("enforce")) {
      return ENFORCE;
    }
    if (value.equals("monitor")) {
      return MONITOR;
    }
    throw new IllegalArgumentException("must be enforce or monitor");
  }

  public String yamlName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
