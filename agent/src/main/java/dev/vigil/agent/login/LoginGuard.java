package dev.vigil.agent.login;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.vigil.agent.net.IpAddress;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Login protection: {@link #check} before the password is checked, {@link #record} once the
 * framework has decided. Lockouts per username+address, address, network (/24, /64) and username
 * (the last never for a source that logged in as that user before), plus stuffing lockouts when too
 * many distinct usernames fail from one address or network. Usernames are kept only as keyed hashes.
 * Thread-safe; every table is bounded by {@link LoginPolicy#maxTrackedKeys()}.
 *
 * <p>{@code clientIp} may be null (no HTTP request, e.g. JAAS in a batch job): only the per-username
 * scope applies then. Mode (enforce or monitor) is the caller's business: the guard only decides.
 */
public final class LoginGuard {
  private static final SecureRandom JITTER = new SecureRandom();

  private final Ticker ticker;
  private final UsernameHasher usernames;
  private final LockoutTable<SourceUserKey> userIp;
  private final LockoutTable<String> ips;
  private final LockoutTable<String> subnets;
  private final LockoutTable<Long> users;
  private final LockoutTable<String> stuffingIps;
  private final LockoutTable<String> stuffingSubnets;
  private final ActivityTable ipActivity;
  private final ActivityTable subnetActivity;
  private final KnownSources knownSources;
  private final int distinctPerIp;
  private final int distinctPerSubnet;

  LoginGuard(LoginPolicy policy, Ticker ticker, LongSupplier jitterSource, UsernameHasher usernames) {
    this.ticker = ticker;
    this.usernames = usernames;
    long reset = policy.backoffReset().toNanos();
    int max = policy.maxTrackedKeys();
    this.userIp = new LockoutTable<>(LoginScope.USER_IP, policy.userIp(), reset, max, ticker, jitterSource);
    this.ips = new LockoutTable<>(LoginScope.IP, policy.ip(), reset, max, ticker, jitterSource);
    this.subnets = new LockoutTable<>(LoginScope.SUBNET, policy.subnet(), reset, max, ticker, jitterSource);
    this.users = new LockoutTable<>(LoginScope.USER, policy.user(), reset, max, ticker, jitterSource);
    this.stuffingIps = new LockoutTable<>(LoginScope.STUFFING_IP, policy.ip(), reset, max, ticker, jitterSource);
    this.stuffingSubnets = new LockoutTable<>(LoginScope.STUFFING_SUBNET, policy.subnet(), reset, max, ticker, jitterSource);
    StuffingSettings stuffing = policy.stuffing();
    long window = stuffing.window().toNanos();
    this.ipActivity = new ActivityTable(window, stuffing.distinctUsernamesPerIp(), max, ticker);
    this.subnetActivity = new ActivityTable(window, stuffing.distinctUsernamesPerSubnet(), max, ticker);
    this.knownSources = new KnownSources(policy.knownSourcePeriod(), max, ticker);
    this.distinctPerIp = stuffing.distinctUsernamesPerIp();
    this.distinctPerSubnet = stuffing.distinctUsernamesPerSubnet();
  }

  /** A guard with a per-process hashing secret; {@code jitterSource} yields random longs (any range). */
  public static LoginGuard create(LoginPolicy policy, Ticker ticker, LongSupplier jitterSource) {
    return new LoginGuard(policy, ticker, jitterSource, UsernameHasher.withRandomSecret());
  }

  /** Production wiring: {@code System.nanoTime} and a {@link SecureRandom}, so unlock times cannot be predicted. */
  public static LoginGuard create(LoginPolicy policy) {
    return create(policy, Ticker.systemTicker(), JITTER::nextLong);
  }

  /** Whether this attempt may reach the password check; when several scopes lock, the longest wait is returned. */
  public LoginVerdict check(String username, String clientIp) {
    long now = ticker.read();
    long user = usernames.hash(username);
    if (clientIp == null) {
      long remaining = users.remainingNanos(user, now);
      return remaining > 0 ? LoginVerdict.locked(LoginScope.USER, remaining) : LoginVerdict.ALLOWED;
    }
    SourceUserKey pair = new SourceUserKey(user, clientIp);
    String subnet = subnetOf(clientIp);
    LoginVerdict verdict = verdict(LoginScope.USER_IP, userIp.remainingNanos(pair, now), null);
    verdict = verdict(LoginScope.IP, ips.remainingNanos(clientIp, now), verdict);
    verdict = verdict(LoginScope.STUFFING_IP, stuffingIps.remainingNanos(clientIp, now), verdict);
    if (subnet != null) {
      verdict = verdict(LoginScope.SUBNET, subnets.remainingNanos(subnet, now), verdict);
      verdict = verdict(LoginScope.STUFFING_SUBNET, stuffingSubnets.remainingNanos(subnet, now), verdict);
    }
    // an attempt whose username could not be read is judged by its source alone: a shared "no name"
    // account would otherwise let 30 failures anywhere lock every unknown source out
    long userRemaining = username == null ? 0 : users.remainingNanos(user, now);
    if (userRemaining > 0 && !knownSources.isKnown(pair)) {
      verdict = verdict(LoginScope.USER, userRemaining, verdict);
    }
    return verdict == null ? LoginVerdict.ALLOWED : verdict;
  }

  /** Counts the framework's decision. A success resets the username+address failures and makes the address known. */
  public void record(String username, String clientIp, LoginOutcome outcome) {
    long now = ticker.read();
    long user = usernames.hash(username);
    boolean failed = outcome != LoginOutcome.SUCCESS;
    if (clientIp == null) {
      if (failed) {
        users.recordFailure(user, now);
      }
      return;
    }
    SourceUserKey pair = new SourceUserKey(user, clientIp);
    String subnet = subnetOf(clientIp);
    if (failed) {
      userIp.recordFailure(pair, now);
      ips.recordFailure(clientIp, now);
      if (username != null) {
        users.recordFailure(user, now);
      }
      if (subnet != null) {
        subnets.recordFailure(subnet, now);
      }
    } else {
      userIp.resetFailures(pair);
      knownSources.remember(pair);
    }
    if (username == null) {
      return; // no username: no distinct-username (stuffing) signal either
    }
    if (ipActivity.record(clientIp, now, user, outcome) >= distinctPerIp) {
      stuffingIps.lock(clientIp, now);
      ipActivity.forgetUsernames(clientIp);
    }
    if (subnet != null && subnetActivity.record(subnet, now, user, outcome) >= distinctPerSubnet) {
      stuffingSubnets.lock(subnet, now);
      subnetActivity.forgetUsernames(subnet);
    }
  }

  /** Keys locked right now across every scope. Walks the tables (bounded): call it at metric intervals, not per request. */
  public long activeLockouts() {
    long now = ticker.read();
    return userIp.activeLockouts(now)
        + ips.activeLockouts(now)
        + subnets.activeLockouts(now)
        + users.activeLockouts(now)
        + stuffingIps.activeLockouts(now)
        + stuffingSubnets.activeLockouts(now);
  }

  /** The client address's activity in the current stuffing window (ratios for telemetry); {@link LoginSignals#NONE} if none. */
  public LoginSignals snapshot(String clientIp) {
    return ipActivity.snapshot(clientIp, ticker.read());
  }

  /** Runs pending evictions now; the tables otherwise do it on later accesses. */
  public void cleanUp() {
    for (Object table : tables().values()) {
      if (table instanceof LockoutTable) {
        ((LockoutTable<?>) table).cleanUp();
      } else if (table instanceof ActivityTable) {
        ((ActivityTable) table).cleanUp();
      } else {
        ((KnownSources) table).cleanUp();
      }
    }
  }

  /** Estimated entries per table, for tests and metrics. */
  Map<String, Long> estimatedSizes() {
    Map<String, Long> sizes = new LinkedHashMap<>();
    for (Map.Entry<String, Object> table : tables().entrySet()) {
      Object value = table.getValue();
      long size =
          value instanceof LockoutTable
              ? ((LockoutTable<?>) value).estimatedSize()
              : value instanceof ActivityTable ? ((ActivityTable) value).estimatedSize() : ((KnownSources) value).estimatedSize();
      sizes.put(table.getKey(), size);
    }
    return sizes;
  }

  /** Every key held, for tests that prove no raw username is kept. */
  Iterable<?>[] trackedKeys() {
    return new Iterable<?>[] {
      userIp.keys(), ips.keys(), subnets.keys(), users.keys(), stuffingIps.keys(), stuffingSubnets.keys(), ipActivity.keys(), subnetActivity.keys(), knownSources.keys()
    };
  }

  private Map<String, Object> tables() {
    Map<String, Object> tables = new LinkedHashMap<>();
    tables.put("user-ip", userIp);
    tables.put("ip", ips);
    tables.put("subnet", subnets);
    tables.put("user", users);
    tables.put("stuffing-ip", stuffingIps);
    tables.put("stuffing-subnet", stuffingSubnets);
    tables.put("ip-activity", ipActivity);
    tables.put("subnet-activity", subnetActivity);
    tables.put("known-sources", knownSources);
    return tables;
  }

  /** The longer of {@code current} and a lockout of {@code remainingNanos} by {@code scope}. */
  private static LoginVerdict verdict(LoginScope scope, long remainingNanos, LoginVerdict current) {
    if (remainingNanos <= 0) {
      return current;
    }
    LoginVerdict locked = LoginVerdict.locked(scope, remainingNanos);
    return current == null || locked.retryAfterSeconds() > current.retryAfterSeconds() ? locked : current;
  }

  private static String subnetOf(String clientIp) {
    IpAddress address = IpAddress.parse(clientIp);
    return address == null ? null : address.subnet();
  }
}
