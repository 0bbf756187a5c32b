package dev.vigil.agent.telemetry;

import dev.vigil.agent.config.TelemetrySettings.UserIdentity;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a username is exported: as {@code user.id}, or, when the policy says {@code users: hash}, as
 * {@code user.hash}, the first 16 hex digits of an HMAC-SHA256 keyed by {@code VIGIL_USER_HASH_KEY}
 * (same key, same hash across restarts and instances) or else by a random per-process key. Runs on
 * the telemetry thread only.
 */
final class UserLabel {
  private static final int HEX_DIGITS = 16;

  private final UserIdentity identity;
  private final Mac mac;

  private UserLabel(UserIdentity identity, Mac mac) {
    this.identity = identity;
    this.mac = mac;
  }

  static UserLabel of(UserIdentity identity, String configuredKey) {
    if (identity != UserIdentity.HASH) {
      return new UserLabel(identity, null);
    }
    byte[] key;
    if (configuredKey != null && !configuredKey.isEmpty()) {
      key = configuredKey.getBytes(StandardCharsets.UTF_8);
    } else {
      key = new byte[32];
      new SecureRandom().nextBytes(key);
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return new UserLabel(identity, mac);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** {@link TelemetryNames#USER_ID} or {@link TelemetryNames#USER_HASH}. */
  String attribute() {
    return identity == UserIdentity.HASH ? TelemetryNames.USER_HASH : TelemetryNames.USER_ID;
  }

  String value(String username) {
    if (mac == null) {
      return username;
    }
    byte[] digest = mac.doFinal(username.getBytes(StandardCharsets.UTF_8));
    StringBuilder hex = new StringBuilder(HEX_DIGITS);
    for (int i = 0; i < HEX_DIGITS / 2; i++) {
      hex.append(Character.forDigit((digest[i] >> 4) & 0xf, 16)).append(Character.forDigit(digest[i] & 0xf, 16));
    }
    return hex.toString();
  }
}
