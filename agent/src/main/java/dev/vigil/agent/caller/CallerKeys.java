package dev.vigil.agent.caller;

import dev.vigil.agent.config.KeyType;
import dev.vigil.agent.net.IpAddress;

/**
 * Bucket keys and display names for each kind of caller key. Bucket tables are per rule and per
 * key type, so a bucket key needs no type prefix; the prefix is only added for people to read.
 */
public final class CallerKeys {
  private final ApiKeyHasher apiKeys;

  public CallerKeys(ApiKeyHasher apiKeys) {
    this.apiKeys = apiKeys;
  }

  /** The /24 or /64 network of a client address, or null when the address is not a literal. */
  public String subnet(String clientAddress) {
    IpAddress address = IpAddress.parse(clientAddress);
    return address == null ? null : address.subnet();
  }

  /** The keyed hash of a raw API key, or null when there is none. */
  public String apiKey(String rawKey) {
    return rawKey == null || rawKey.isEmpty() ? null : apiKeys.hash(rawKey);
  }

  /**
   * The keyed hash of a raw session id ({@code #} and 12 hex digits), or null when there is none:
   * hashed apart from API keys, so that one never stands for the other.
   */
  public String session(String rawSessionId) {
    return rawSessionId == null || rawSessionId.isEmpty() ? null : apiKeys.hash("session\u0000" + rawSessionId);
  }

  /** The keyed hash of a bearer token ({@code #} and 12 hex digits), hashed apart from API keys and sessions; null when there is none. */
  public String bearer(String token) {
    return token == null || token.isEmpty() ? null : apiKeys.hash("bearer\u0000" + token);
  }

  /** The principal name, or null when the request is not authenticated. */
  public String user(String principal) {
    return principal == null || principal.isEmpty() ? null : principal;
  }

  private static final ShownKeys SHOWN = new ShownKeys();

  /** How a key is shown in notices, audit lines and summaries: {@code ip:10.0.0.7}, {@code apikey:#3fa9c1d2e0b4}. */
  public static String display(KeyType type, String key) {
    return SHOWN.of(type, key);
  }
}
