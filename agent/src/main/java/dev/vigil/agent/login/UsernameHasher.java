package dev.vigil.agent.login;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns a username into a 64-bit keyed hash, the only form login state keeps. Normalised first
 * (trimmed, lower-cased with {@link Locale#ROOT}) so {@code " Alice"} and {@code "alice"} share one
 * lockout. HMAC-SHA256 with a per-process random secret, like {@code caller.ApiKeyHasher}, so a heap
 * dump cannot confirm guessed usernames. 64 bits: with 10^5 tracked users a collision is ~10^-9 likely.
 */
final class UsernameHasher {
  private final SecretKeySpec secret;
  private final ThreadLocal<Mac> macs;
  private final ThreadLocal<byte[]> digests = ThreadLocal.withInitial(() -> new byte[32]);

  UsernameHasher(byte[] secret) {
    if (secret == null || secret.length == 0) {
      throw new IllegalArgumentException("username hashing secret must not be empty");
    }
    this.secret = new SecretKeySpec(secret.clone(), "HmacSHA256");
    this.macs = ThreadLocal.withInitial(this::newMac);
  }

  static UsernameHasher withRandomSecret() {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    return new UsernameHasher(secret);
  }

  /** The keyed hash of the normalised username; null counts as the empty name. */
  long hash(String username) {
    String normalised = username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
    Mac mac = macs.get();
    byte[] digest = digests.get();
    mac.update(normalised.getBytes(StandardCharsets.UTF_8));
    try {
      mac.doFinal(digest, 0);
    } catch (ShortBufferException e) {
      throw new IllegalStateException(e);
    }
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (digest[i] & 0xff);
    }
    return value;
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(secret);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
