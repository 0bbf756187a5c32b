package dev.vigil.agent.config;

import java.util.Locale;

/** What a rule counts requests by. */
public enum KeyType {
  /** The client address (trusted-proxy aware). */
  IP,
  /** The client's /24 (IPv4) or /64 (IPv6) network, to catch address rotation. */
  SUBNET,
  /** The keyed hash of the API key header named by {@code apiKeyHeader}. */
  APIKEY,
  /** The authenticated principal name. */
  USER,
  /** The keyed hash of the session cookie ({@code JSESSIONID} and the like). */
  SESSION,
  /** The client software's fingerprint ({@code ClientFingerprint}): one key for many addresses sending the same headers. */
  FINGERPRINT;

  public static KeyType parse(String text) {
    String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    for (KeyType type : values()) {
      if (type.yamlName().equals(value)) {
        return type;
      }
    }
    throw new IllegalArgumentException("must be one of ip, subnet, apikey, user, session, fingerprint");
  }

  /** Kept, not lowered per call: every refusal's caller key is shown with it. */
  private final String yamlName = name().toLowerCase(Locale.ROOT);

  public String yamlName() {
    return yamlName;
  }
}
