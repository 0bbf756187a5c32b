package dev.vigil.agent.config;

import java.util.List;

/**
 * The built-in quotas on sensitive flows: creating an account and asking for a password reset, the
 * forms a fake-account farm or a reset-mail bomber submits over and over. Each is an ordinary rule
 * (a token bucket whose burst is the quota and whose rate refills it within the hour), one per key:
 * 10 submissions an hour per address (a family or a small office signs up a few people, not dozens),
 * 30 per /24 or /64, and 100 per client fingerprint (one browser build on many addresses; a farm
 * rotating through a botnet sends the same headers from each), the last in monitor mode: anyone can
 * copy a popular browser's headers and drain its bucket for everyone who uses it, and a mobile app's
 * users all send the same ones, so it reports a farm and refuses no one. A policy marks flows of its
 * own the same way: rules with the flow's routes and methods, keyed by {@code ip}, {@code subnet} and
 * {@code fingerprint}.
 */
public final class SensitiveFlows {
  public static final String RULE_PREFIX = "default-sign-up-and-reset-per-";
  /** POST to these only; {@code **} spares listing every prefix an app mounts its account pages under. */
  static final List<String> ROUTES =
      List.of(
          "/**/signup", "/**/sign-up", "/**/sign_up", "/**/register", "/**/registration", "/**/users/password", "/**/forgot-password",
          "/**/reset-password", "/**/password-reset", "/**/password/reset", "/**/password/forgot");

  private SensitiveFlows() {}

  static List<Rule> defaultRules() {
    return List.of(
        quota(KeyType.IP, 10, null), quota(KeyType.SUBNET, 30, null), quota(KeyType.FINGERPRINT, 100, Mode.MONITOR));
  }

  /** @param mode null to follow the policy's */
  private static Rule quota(KeyType key, int perHour, Mode mode) {
    return new Rule(RULE_PREFIX + key.yamlName(), ROUTES, List.of("POST"), key, Rate.parse(perHour + "/h"), perHour, mode);
  }
}
