package dev.vigil.agent.caller;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns a raw API key into a short keyed hash ({@code #3fa9c1d2e0b4}) so raw keys are never kept,
 * logged or exported. Keyed (HMAC-SHA256) rather than a plain digest so that a leaked audit log
 * cannot be used to confirm guesses of a key; the secret is random per process unless given.
 */
public final class ApiKeyHasher {
  private static final int HEX_CHARS = 12;
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final SecretKeySpec secret;
  private final ThreadLocal<Mac> macs;

  public ApiKeyHasher(byte[] secret) {
    if (secret == null || secret.length == 0) {
      throw new IllegalArgumentException("API key hashing secret must not be empty");
    }
    this.secret = new SecretKeySpec(secret.clone(), "HmacSHA256");
    this.macs = ThreadLocal.withInitial(this::newMac);
  }

  public static ApiKeyHasher withRandomSecret() {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    return new ApiKeyHasher(secret);
  }

  /** The display form and bucket key of a raw API key: {@code #} and 12 hex digits. */
  public String hash(String rawKey) {
    Mac mac = macs.get();
    byte[] digest = mac.doFinal(rawKey.getBytes(StandardCharsets.UTF_8));
    char[] out = new char[HEX_CHARS + 1];
    out[0] = '#';
    for (int i = 0; i < HEX_CHARS / 2; i++) {
      out[1 + 2 * i] = HEX[(digest[i] >> 4) & 0xf];
      out[2 + 2 * i] = HEX[digest[i] & 0xf];
    }
    return new String(out);
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
