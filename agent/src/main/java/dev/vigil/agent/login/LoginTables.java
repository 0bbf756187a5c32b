package dev.vigil.agent.login;

import com.github.benmanes.caffeine.cache.Ticker;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/** Every bounded table {@link LoginGuard} keeps, and the walks over them (metrics, tests, clean-up). */
final class LoginTables {
  final LockoutTable<SourceUserKey> userIp;
  final LockoutTable<String> ips;
  final LockoutTable<String> subnets;
  final LockoutTable<Long> users;
  final LockoutTable<String> stuffingIps;
  final LockoutTable<String> stuffingSubnets;
  final LockoutTable<String> stuffingNetworks;
  final ActivityTable ipActivity;
  final ActivityTable subnetActivity;
  final ActivityTable networkActivity;
  final KnownSources knownSources;

  LoginTables(LoginPolicy policy, Ticker ticker, LongSupplier jitterSource) {
    long reset = policy.backoffReset().toNanos();
    int max = policy.maxTrackedKeys();
    int locked = policy.maxLockedKeys();
    this.userIp = new LockoutTable<>(LoginScope.USER_IP, policy.userIp(), reset, max, locked, ticker, jitterSource);
    this.ips = new LockoutTable<>(LoginScope.IP, policy.ip(), reset, max, locked, ticker, jitterSource);
    this.subnets = new LockoutTable<>(LoginScope.SUBNET, policy.subnet(), reset, max, locked, ticker, jitterSource);
    this.users = new LockoutTable<>(LoginScope.USER, policy.user(), reset, max, locked, ticker, jitterSource);
    this.stuffingIps = new LockoutTable<>(LoginScope.STUFFING_IP, policy.ip(), reset, max, locked, ticker, jitterSource);
    this.stuffingSubnets = new LockoutTable<>(LoginScope.STUFFING_SUBNET, policy.subnet(), reset, max, locked, ticker, jitterSource);
    this.stuffingNetworks = new LockoutTable<>(LoginScope.STUFFING_NETWORK, policy.subnet(), reset, max, locked, ticker, jitterSource);
    StuffingSettings stuffing = policy.stuffing();
    long window = stuffing.window().toNanos();
    this.ipActivity = new ActivityTable(window, stuffing.distinctUsernamesPerIp(), max, ticker);
    this.subnetActivity = new ActivityTable(window, stuffing.distinctUsernamesPerSubnet(), max, ticker);
    this.networkActivity = new ActivityTable(window, stuffing.distinctUsernamesPerNetwork(), max, ticker);
    this.knownSources = new KnownSources(policy.knownSourcePeriod(), max, ticker);
  }

  long activeLockouts(long now) {
    long active = 0;
    for (LockoutTable<?> table : lockoutTables()) {
      active += table.activeLockouts(now);
    }
    return active;
  }

  /** Keys in good standing pushed out of full lockout tables, all scopes together. */
  long lockoutEvictions() {
    long evicted = 0;
    for (LockoutTable<?> table : lockoutTables()) {
      evicted += table.evictions();
    }
    return evicted;
  }

  /** Locked keys (or their backoff history) pushed out of full locked segments, all scopes together. */
  long lockedEvictions() {
    long evicted = 0;
    for (LockoutTable<?> table : lockoutTables()) {
      evicted += table.lockedEvictions();
    }
    return evicted;
  }

  private LockoutTable<?>[] lockoutTables() {
    return new LockoutTable<?>[] {userIp, ips, subnets, users, stuffingIps, stuffingSubnets, stuffingNetworks};
  }

  void cleanUp() {
    for (Object table : byName().values()) {
      if (table instanceof LockoutTable) {
        ((LockoutTable<?>) table).cleanUp();
      } else if (table instanceof ActivityTable) {
        ((ActivityTable) table).cleanUp();
      } else {
        ((KnownSources) table).cleanUp();
      }
    }
  }

  Map<String, Long> estimatedSizes() {
    Map<String, Long> sizes = new LinkedHashMap<>();
    for (Map.Entry<String, Object> table : byName().entrySet()) {
      Object value = table.getValue();
      long size =
          value instanceof LockoutTable
              ? ((LockoutTable<?>) value).estimatedSize()
              : value instanceof ActivityTable ? ((ActivityTable) value).estimatedSize() : ((KnownSources) value).estimatedSize();
      sizes.put(table.getKey(), size);
    }
    return sizes;
  }

  Iterable<?>[] keys() {
    return new Iterable<?>[] {
      userIp.keys(), ips.keys(), subnets.keys(), users.keys(), stuffingIps.keys(), stuffingSubnets.keys(), stuffingNetworks.keys(),
      ipActivity.keys(), subnetActivity.keys(), networkActivity.keys(), knownSources.keys()
    };
  }

  private Map<String, Object> byName() {
    Map<String, Object> tables = new LinkedHashMap<>();
    tables.put("user-ip", userIp);
    tables.put("ip", ips);
    tables.put("subnet", subnets);
    tables.put("user", users);
    tables.put("stuffing-ip", stuffingIps);
    tables.put("stuffing-subnet", stuffingSubnets);
    tables.put("stuffing-network", stuffingNetworks);
    tables.put("ip-activity", ipActivity);
    tables.put("subnet-activity", subnetActivity);
    tables.put("network-activity", networkActivity);
    tables.put("known-sources", knownSources);
    return tables;
  }

  /**
   * Forgets every entry that holds the callers named: their lockouts in every scope, the failures
   * that count toward one, and their stuffing activity (an operator's unlock). Known sources stay:
   * they only ever let a caller in.
   */
  Map<String, Integer> forget(Predicate<String> sources, Long user) {
    Map<String, Integer> forgotten = new LinkedHashMap<>();
    note(forgotten, "user-ip", userIp.forget(key -> key.heldBy(sources, user)));
    note(forgotten, "user", user == null ? 0 : users.forget(user::equals));
    note(forgotten, "ip", ips.forget(sources));
    note(forgotten, "subnet", subnets.forget(sources));
    note(forgotten, "stuffing-ip", stuffingIps.forget(sources));
    note(forgotten, "stuffing-subnet", stuffingSubnets.forget(sources));
    note(forgotten, "stuffing-network", stuffingNetworks.forget(sources));
    note(forgotten, "activity", ipActivity.forget(sources) + subnetActivity.forget(sources) + networkActivity.forget(sources));
    return forgotten;
  }

  private static void note(Map<String, Integer> forgotten, String table, int count) {
    if (count > 0) {
      forgotten.put(table, count);
    }
  }
}
