package dev.vigil.agent.login;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.vigil.agent.caller.CookieHeader;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and checks known-device cookies: the keyed hash of the user (never the name), a random
 * nonce and an expiry, signed with HMAC-SHA256 under a random secret, so nothing about them is
 * stored until one fails. The secret is this instance's (one per engine), and the expiry is on the
 * agent's ticker: both mean something only to the engine that issued the cookie, and a restart (or
 * a new engine) makes every device new again (its owner gets a
 * fresh cookie at the next successful login). Failures and attempts in flight are counted per nonce
 * in a bounded table.
 */
public final class DeviceCookies {
  private static final int MAC_BYTES = 16;
  private static final int PAYLOAD_BYTES = 24;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final DeviceCookieSettings settings;
  private final com.github.benmanes.caffeine.cache.Ticker ticker;
  private final CookieHeader.Name name;
  private final SecretKeySpec secret;
  private final Cache<Long, AtomicInteger> failures;

  public DeviceCookies(DeviceCookieSettings settings, com.github.benmanes.caffeine.cache.Ticker ticker, int maxTracked) {
    this.settings = settings;
    this.ticker = ticker;
    this.name = CookieHeader.named(settings.name);
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    this.secret = new SecretKeySpec(key, "HmacSHA256");
    this.failures =
        Caffeine.newBuilder().maximumSize(maxTracked).expireAfterWrite(settings.maxAge.toNanos(), TimeUnit.NANOSECONDS).ticker(ticker)
            .executor(Runnable::run).build();
  }

  public boolean enabled() {
    return settings.enabled;
  }

  /** The {@code Set-Cookie} header value for a device that has just logged in as {@code user} (its keyed hash). */
  public String issue(long user) {
    long expires = ticker.read() + settings.maxAge.toNanos();
    ByteBuffer cookie = ByteBuffer.allocate(PAYLOAD_BYTES + MAC_BYTES);
    cookie.putLong(user).putLong(RANDOM.nextLong()).putLong(expires);
    cookie.put(mac(cookie.array()));
    return settings.name + "=" + ENCODER.encodeToString(cookie.array()) + "; Max-Age=" + settings.maxAge.getSeconds() + "; Path=/; HttpOnly; SameSite=Lax"
        + (settings.secure ? "; Secure" : "");
  }

  /**
   * The nonce of a cookie in {@code cookieHeader} this process issued for {@code user}, not expired
   * and not failed too often; 0 when there is none. Constant-time on the signature.
   */
  public long vouchingNonce(String cookieHeader, long user) {
    String value = CookieHeader.value(cookieHeader, name);
    if (value == null || value.length() != 54) {
      return 0;
    }
    byte[] cookie;
    try {
      cookie = Base64.getUrlDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      return 0;
    }
    // canonical only: base64's last character carries spare bits a lenient decoder ignores
    if (cookie.length != PAYLOAD_BYTES + MAC_BYTES || !ENCODER.encodeToString(cookie).equals(value)) {
      return 0;
    }
    byte[] expected = mac(cookie);
    byte[] given = java.util.Arrays.copyOfRange(cookie, PAYLOAD_BYTES, cookie.length);
    ByteBuffer payload = ByteBuffer.wrap(cookie);
    long issuedFor = payload.getLong();
    long nonce = payload.getLong();
    long expires = payload.getLong();
    if (!MessageDigest.isEqual(expected, given) || issuedFor != user || ticker.read() - expires >= 0 || nonce == 0) {
      return 0;
    }
    AtomicInteger failed = failures.getIfPresent(nonce);
    return failed != null && failed.get() >= DeviceCookieSettings.MAX_FAILURES ? 0 : nonce;
  }

  /**
   * Takes one of the cookie's {@link DeviceCookieSettings#MAX_FAILURES} tries for an attempt about to
   * be checked: attempts in flight count like failures, so a burst of parallel guesses with one stolen
   * cookie gets five, not as many as it sends. False when none is left. A failure keeps its try; a
   * success or an attempt that never finishes gives it back ({@link #release}).
   */
  public boolean reserve(long nonce) {
    AtomicInteger tries = failures.get(nonce, n -> new AtomicInteger());
    while (true) {
      int spent = tries.get();
      if (spent >= DeviceCookieSettings.MAX_FAILURES) {
        return false;
      }
      if (tries.compareAndSet(spent, spent + 1)) {
        return true;
      }
    }
  }

  public void release(long nonce) {
    AtomicInteger tries = failures.getIfPresent(nonce);
    if (tries != null) {
      tries.updateAndGet(spent -> Math.max(0, spent - 1));
    }
  }

  /** Over the first {@link #PAYLOAD_BYTES} of {@code cookie}. */
  private byte[] mac(byte[] cookie) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(secret);
      mac.update(cookie, 0, PAYLOAD_BYTES);
      return java.util.Arrays.copyOf(mac.doFinal(), MAC_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }
}
