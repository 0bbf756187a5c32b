package dev.vigil.agent.login;

import dev.vigil.agent.login.methods.LoginMethodSpec;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The immutable login-protection settings ({@code login:} in the policy file, schema on {@link
 * dev.vigil.agent.config.Policy}). {@link #defaults()} applies with no file and no {@code login:}
 * section: protection is on.
 */
public final class LoginPolicy {
  // 5 failures in 10 min is fail2ban's maxretry/findtime. The first lockout is short (OWASP: start
  // small, grow exponentially) because this is usually a real user mistyping; doubling means a
  // password guesser gets ~5 tries per lockout period, the period reaching 1h after 6 lockouts.
  static final LockoutSettings DEFAULT_USER_IP =
      new LockoutSettings(5, Duration.ofMinutes(10), Duration.ofMinutes(1), 2, Duration.ofHours(1), Duration.ofSeconds(10));
  // one address failing 20 times in 10 min across accounts is an attack, not a typo; 20 leaves room
  // for a few users behind one NAT. Ban 10 min like fail2ban's bantime, doubled like bantime.increment.
  static final LockoutSettings DEFAULT_IP =
      new LockoutSettings(20, Duration.ofMinutes(10), Duration.ofMinutes(10), 2, Duration.ofHours(6), Duration.ofMinutes(1));
  // a /24 or /64 is many hosts: 5x the per-address threshold before the whole network waits
  static final LockoutSettings DEFAULT_SUBNET =
      new LockoutSettings(100, Duration.ofMinutes(10), Duration.ofMinutes(10), 2, Duration.ofHours(6), Duration.ofMinutes(1));
  // Keycloak's brute-force detector: failureFactor 30, wait 60 s growing to 900 s. Never applied to a
  // source that logged in as the user before, so an attacker cannot lock the real user out.
  static final LockoutSettings DEFAULT_USER =
      new LockoutSettings(30, Duration.ofHours(1), Duration.ofMinutes(1), 2, Duration.ofMinutes(15), Duration.ofSeconds(10));
  // stuffing tries each account once or twice: 10 different failed usernames from one address in
  // 10 min is far beyond a shared computer's typos; 50 for a network
  static final StuffingSettings DEFAULT_STUFFING = new StuffingSettings(10, 50, Duration.ofMinutes(10));
  /** A device that logged in as the user within this period is trusted past the per-user lockout. */
  public static final Duration DEFAULT_KNOWN_SOURCE_PERIOD = Duration.ofDays(30);
  /** Repeat lockouts stop growing once a key has had none for this long (Keycloak maxDeltaTime). */
  public static final Duration DEFAULT_BACKOFF_RESET = Duration.ofHours(12);
  public static final int DEFAULT_MAX_TRACKED_KEYS = 100_000;
  /** Locked keys (and their backoff history) kept per table apart from the tracked ones, out of a flood's reach. */
  public static final int DEFAULT_MAX_LOCKED_KEYS = 10_000;

  /** The login section's own mode: true enforce, false monitor, null the policy's global mode. */
  private final Boolean enforced;
  private final LockoutSettings userIp;
  private final LockoutSettings ip;
  private final LockoutSettings subnet;
  private final LockoutSettings user;
  private final StuffingSettings stuffing;
  private final Duration knownSourcePeriod;
  private final Duration backoffReset;
  private final int maxTrackedKeys;
  private final int maxLockedKeys;
  private final List<LoginRoute> routes;
  private final List<LoginMethodSpec> methods;
  private final DeviceCookieSettings deviceCookies;

  /** {@code enforced} null means the policy's global mode. */
  public LoginPolicy(
      Boolean enforced,
      LockoutSettings userIp,
      LockoutSettings ip,
      LockoutSettings subnet,
      LockoutSettings user,
      StuffingSettings stuffing,
      Duration knownSourcePeriod,
      Duration backoffReset,
      int maxTrackedKeys) {
    this(enforced, userIp, ip, subnet, user, stuffing, knownSourcePeriod, backoffReset, maxTrackedKeys, defaultMaxLockedKeys(maxTrackedKeys), List.of(), List.of(),
        DeviceCookieSettings.OFF);
  }

  private LoginPolicy(
      Boolean enforced,
      LockoutSettings userIp,
      LockoutSettings ip,
      LockoutSettings subnet,
      LockoutSettings user,
      StuffingSettings stuffing,
      Duration knownSourcePeriod,
      Duration backoffReset,
      int maxTrackedKeys,
      int maxLockedKeys,
      List<LoginRoute> routes,
      List<LoginMethodSpec> methods,
      DeviceCookieSettings deviceCookies) {
    this.enforced = enforced;
    this.deviceCookies = Objects.requireNonNull(deviceCookies, "deviceCookies");
    this.routes = List.copyOf(routes);
    this.methods = List.copyOf(methods);
    this.userIp = Objects.requireNonNull(userIp, "userIp");
    this.ip = Objects.requireNonNull(ip, "ip");
    this.subnet = Objects.requireNonNull(subnet, "subnet");
    this.user = Objects.requireNonNull(user, "user");
    this.stuffing = Objects.requireNonNull(stuffing, "stuffing");
    this.knownSourcePeriod = Objects.requireNonNull(knownSourcePeriod, "knownSourcePeriod");
    this.backoffReset = Objects.requireNonNull(backoffReset, "backoffReset");
    this.maxTrackedKeys = maxTrackedKeys;
    this.maxLockedKeys = maxLockedKeys;
    if (maxTrackedKeys < 1 || maxLockedKeys < 1 || knownSourcePeriod.isNegative() || knownSourcePeriod.isZero() || backoffReset.isNegative() || backoffReset.isZero()) {
      throw new IllegalArgumentException("maxTrackedKeys, maxLockedKeys, knownSourcePeriod and backoffReset must be positive");
    }
  }

  public static LoginPolicy defaults() {
    return new LoginPolicy(
        null, DEFAULT_USER_IP, DEFAULT_IP, DEFAULT_SUBNET, DEFAULT_USER, DEFAULT_STUFFING, DEFAULT_KNOWN_SOURCE_PERIOD, DEFAULT_BACKOFF_RESET, DEFAULT_MAX_TRACKED_KEYS);
  }

  /** The built-in settings of one scope (the stuffing scopes share the ip and subnet backoff). */
  public static LockoutSettings defaultFor(LoginScope scope) {
    switch (scope) {
      case USER_IP:
        return DEFAULT_USER_IP;
      case IP:
      case STUFFING_IP:
        return DEFAULT_IP;
      case SUBNET:
      case STUFFING_SUBNET:
      case STUFFING_NETWORK:
        return DEFAULT_SUBNET;
      default:
        return DEFAULT_USER;
    }
  }

  /** 10,000, or {@code maxTrackedKeys} if smaller, so a small table stays small. */
  public static int defaultMaxLockedKeys(int maxTrackedKeys) {
    return Math.min(DEFAULT_MAX_LOCKED_KEYS, maxTrackedKeys);
  }

  public LoginPolicy withMaxTrackedKeys(int keys) {
    return new LoginPolicy(enforced, userIp, ip, subnet, user, stuffing, knownSourcePeriod, backoffReset, keys, maxLockedKeys, routes, methods, deviceCookies);
  }

  public LoginPolicy withMaxLockedKeys(int keys) {
    return new LoginPolicy(enforced, userIp, ip, subnet, user, stuffing, knownSourcePeriod, backoffReset, maxTrackedKeys, keys, routes, methods, deviceCookies);
  }

  /**
   * What the lockout tables are built from, without the parts that can change under them (mode,
   * routes, methods, device cookies): a reload keeps the lockouts when this is the same.
   */
  public LoginPolicy lockoutSettingsOnly() {
    return new LoginPolicy(null, userIp, ip, subnet, user, stuffing, knownSourcePeriod, backoffReset, maxTrackedKeys, maxLockedKeys, List.of(), List.of(), DeviceCookieSettings.OFF);
  }

  /** The same policy with these login routes (login forms whose outcome is read from the response). */
  public LoginPolicy withRoutes(List<LoginRoute> loginRoutes) {
    return new LoginPolicy(enforced, userIp, ip, subnet, user, stuffing, knownSourcePeriod, backoffReset, maxTrackedKeys, maxLockedKeys, loginRoutes, methods, deviceCookies);
  }

  /** The same policy with these application methods as logins (see {@link LoginMethodSpec}). */
  public LoginPolicy withMethods(List<LoginMethodSpec> loginMethods) {
    return new LoginPolicy(enforced, userIp, ip, subnet, user, stuffing, knownSourcePeriod, backoffReset, maxTrackedKeys, maxLockedKeys, routes, loginMethods, deviceCookies);
  }

  /** The same policy with these known-device cookie settings. */
  public LoginPolicy withDeviceCookies(DeviceCookieSettings settings) {
    return new LoginPolicy(enforced, userIp, ip, subnet, user, stuffing, knownSourcePeriod, backoffReset, maxTrackedKeys, maxLockedKeys, routes, methods, settings);
  }

  /** Known-device cookies: {@link DeviceCookieSettings#OFF} unless the policy turns them on. */
  public DeviceCookieSettings deviceCookies() {
    return deviceCookies;
  }

  public List<LoginRoute> routes() {
    return routes;
  }

  /** Application methods named as logins; empty unless the policy names some. */
  public List<LoginMethodSpec> methods() {
    return methods;
  }

  /** The login section's own mode (true enforce, false monitor), or null to follow the policy's global mode. */
  public Boolean enforced() {
    return enforced;
  }

  public LockoutSettings userIp() {
    return userIp;
  }

  public LockoutSettings ip() {
    return ip;
  }

  public LockoutSettings subnet() {
    return subnet;
  }

  public LockoutSettings user() {
    return user;
  }

  public StuffingSettings stuffing() {
    return stuffing;
  }

  public Duration knownSourcePeriod() {
    return knownSourcePeriod;
  }

  public Duration backoffReset() {
    return backoffReset;
  }

  /** At most this many keys per scope table (and per signal table). */
  public int maxTrackedKeys() {
    return maxTrackedKeys;
  }

  /** At most this many locked keys per lockout table, kept apart from {@link #maxTrackedKeys()} so a flood of new keys cannot push them out. */
  public int maxLockedKeys() {
    return maxLockedKeys;
  }
}
