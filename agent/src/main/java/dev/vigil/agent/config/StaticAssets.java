package dev.vigil.agent.config;

import java.util.Locale;

/**
 * Whether a rule counts requests for static assets (stylesheets, scripts, images, fonts: what a
 * browser fetches with every page). A person loading one page sends tens of them, so a per-address
 * limit that counts them refuses an office of people behind one NAT address at a human pace.
 */
public enum StaticAssets {
  /** Counted like any request (a rule's default). */
  INCLUDE,
  /** Not counted: the built-in per-address rule. */
  EXCLUDE,
  /** Only they are counted: the built-in rule that bounds an asset flood. */
  ONLY;

  public static StaticAssets parse(String text) {
    String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    for (StaticAssets choice : values()) {
      if (choice.yamlName().equals(value)) {
        return choice;
      }
    }
    throw new IllegalArgumentException("must be one of include, exclude, only");
  }

  public String yamlName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
