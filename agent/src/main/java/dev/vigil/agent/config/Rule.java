package dev.vigil.agent.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** One rate-limit rule: which requests, counted by which key, at what rate and burst. */
public final class Rule {
  private final String name;
  private final List<String> routes;
  private final List<String> methods;
  private final KeyType key;
  private final Rate rate;
  private final long burst;
  private final Mode mode;
  private final StaticAssets staticAssets;

  /**
   * @param routes glob patterns; empty means every route
   * @param methods HTTP methods; empty means every method
   * @param burst at least 1
   * @param mode null to follow the global mode
   */
  public Rule(String name, List<String> routes, List<String> methods, KeyType key, Rate rate, long burst, Mode mode) {
    this(name, routes, methods, key, rate, burst, mode, StaticAssets.INCLUDE);
  }

  public Rule(String name, List<String> routes, List<String> methods, KeyType key, Rate rate, long burst, Mode mode, StaticAssets staticAssets) {
    if (burst < 1) {
      throw new IllegalArgumentException("burst must be at least 1");
    }
    this.name = Objects.requireNonNull(name, "name");
    this.routes = Collections.unmodifiableList(new ArrayList<>(routes));
    List<String> upper = new ArrayList<>();
    for (String method : methods) {
      upper.add(method.toUpperCase(Locale.ROOT));
    }
    this.methods = Collections.unmodifiableList(upper);
    this.key = Objects.requireNonNull(key, "key");
    this.rate = Objects.requireNonNull(rate, "rate");
    this.burst = burst;
    this.mode = mode;
    this.staticAssets = Objects.requireNonNull(staticAssets, "staticAssets");
  }

  public String name() {
    return name;
  }

  public List<String> routes() {
    return routes;
  }

  public List<String> methods() {
    return methods;
  }

  public KeyType key() {
    return key;
  }

  public Rate rate() {
    return rate;
  }

  public long burst() {
    return burst;
  }

  public StaticAssets staticAssets() {
    return staticAssets;
  }

  /** The rule's own mode, or null when it follows the global one. */
  public Mode mode() {
    return mode;
  }

  /** Global monitor wins: "records decisions, never applies them" holds for every rule. */
  public Mode effectiveMode(Mode global) {
    return global == Mode.MONITOR || mode == null ? global : mode;
  }

  /** e.g. {@code api-per-key 20/s burst 40 by apikey on [/api/**] (monitor)}. */
  public String describe() {
    StringBuilder text = new StringBuilder(name).append(' ').append(rate).append(" burst ").append(burst);
    text.append(" by ").append(key.yamlName());
    if (!routes.isEmpty()) {
      // the startup line stays one readable line: a long list shows its first patterns and a count
      text.append(" on ").append(routes.size() <= 3 ? routes.toString() : routes.subList(0, 2).toString().replace("]", ", +" + (routes.size() - 2) + " more]"));
    }
    if (!methods.isEmpty()) {
      text.append(' ').append(String.join("|", methods));
    }
    if (staticAssets == StaticAssets.EXCLUDE) {
      text.append(" except static assets");
    } else if (staticAssets == StaticAssets.ONLY) {
      text.append(" static assets only");
    }
    if (mode != null) {
      text.append(" (").append(mode.yamlName()).append(')');
    }
    return text.toString();
  }
}
