package dev.vigil.agent.login;

import java.time.Duration;

/**
 * Known-device cookies ({@code login.deviceCookies}, OWASP "device cookies"): off by default,
 * because they add a {@code Set-Cookie} to the app's successful login responses. When on, a device
 * that logged in as a user carries a signed, {@code HttpOnly} cookie that lets it past that user's
 * lockout (the one an attacker spraying the account from many addresses starts), even from an
 * address it never used; a cookie that fails {@link #MAX_FAILURES} times no longer does.
 */
public final class DeviceCookieSettings {
  public static final DeviceCookieSettings OFF = new DeviceCookieSettings(false, "vigil_device", Duration.ofDays(30), true);
  /** Failed logins with one device cookie before it stops vouching (a stolen cookie is not a password oracle). */
  public static final int MAX_FAILURES = 5;

  public final boolean enabled;
  public final String name;
  public final Duration maxAge;
  /** Whether the cookie carries {@code Secure}: on unless the app is only ever served over plain HTTP. */
  public final boolean secure;

  public DeviceCookieSettings(boolean enabled, String name, Duration maxAge, boolean secure) {
    this.enabled = enabled;
    this.name = name;
    this.maxAge = maxAge;
    this.secure = secure;
  }
}
