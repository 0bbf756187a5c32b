package dev.vigil.agent.login;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.vigil.agent.detect.CallerFilter;
import dev.vigil.agent.net.IpAddress;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Login protection: {@link #check} before the password is checked, {@link #record} once the
 * framework has decided. Lockouts per username+address, address, network (/24, /64) and username
 * (the last never for a source that logged in as that user before), plus stuffing lockouts when too
 * many distinct usernames fail from one address or network. Usernames are kept only as keyed hashes.
 * Thread-safe; every table is bounded by {@link LoginPolicy#maxTrackedKeys()}, and each lockout table
 * keeps up to {@link LoginPolicy#maxLockedKeys()} locked keys apart, out of reach of a flood of new keys.
 *
 * <p>An attempt let through holds a place in each scope until its outcome is recorded (or it is
 * abandoned), and places count toward the thresholds like failures: N attempts racing each other
 * let exactly as many through as the threshold allows, not N (see {@link InFlightAttempts}).
 *
 * <p>{@code clientIp} may be null (no HTTP request, e.g. JAAS in a batch job): only the per-username
 * scope applies then. Mode (enforce or monitor) is the caller's business: the guard only decides.
 */
public final class LoginGuard {
  /** A wide network's stuffing must come from this many of its /24s (/64s) at least. */
  static final int NETWORK_MIN_SUBNETS = 8;
  /** ... and its failed usernames be at least this share of the distinct usernames tried from it. */
  static final double NETWORK_FAILED_SHARE = 0.8;

  /** Set once a first lockout starts: before that, no request needs a lookup to be judged. */
  private volatile boolean anyLockout;
  private final Ticker ticker;
  private final UsernameHasher usernames;
  private final LoginTables t;
  private final AttemptPlaces places;
  private final LockoutExpiries expiries = new LockoutExpiries();
  private final StuffingSettings stuffing;

  LoginGuard(LoginPolicy policy, Ticker ticker, LongSupplier jitterSource, UsernameHasher usernames) {
    this.ticker = ticker;
    this.usernames = usernames;
    this.t = new LoginTables(policy, ticker, jitterSource);
    this.places = new AttemptPlaces(t);
    this.stuffing = policy.stuffing();
  }

  /**
   * A guard with a per-process hashing secret; {@code jitterSource} yields random longs (any range),
   * from a {@code SecureRandom} in production so that unlock times cannot be predicted.
   */
  public LoginGuard(LoginPolicy policy, Ticker ticker, LongSupplier jitterSource) {
    this(policy, ticker, jitterSource, UsernameHasher.withRandomSecret());
  }

  /**
   * Whether this attempt may reach the password check; when several scopes lock, the longest wait is
   * returned. An allowed verdict carries the {@link LoginAttempt} that now holds its places: record
   * its outcome or abandon it.
   */
  public LoginVerdict check(String username, String clientIp) {
    return check(username, clientIp, false);
  }

  /**
   * {@link #check(String, String)} for a device that carries a known-device cookie for this user
   * ({@code knownDevice}): like an address the user logged in from before, it passes the per-user
   * and wide-network lockouts, never those of its own address.
   */
  public LoginVerdict check(String username, String clientIp, boolean knownDevice) {
    long now = ticker.read();
    LoginAttempt attempt = attempt(username, clientIp, now);
    attempt.knownDevice = knownDevice;
    return judge(attempt, now);
  }

  /** The keyed hash this guard keeps {@code username} under, for what else must name the user without keeping the name. */
  public long userKey(String username) {
    return usernames.hash(username);
  }

  /**
   * Forgets every lockout, failure count and stuffing tally that holds the callers named (an
   * operator's unlock): by table, how many entries went.
   */
  public Map<String, Integer> forget(CallerFilter callers) {
    String username = callers.username();
    return t.forget(callers::holdsSource, username == null ? null : usernames.hash(username));
  }

  /** Whether any lockout has ever started: until one does, nobody is locked. */
  public boolean anyLockoutStarted() {
    return anyLockout;
  }

  /**
   * The longest lockout that holds {@code username} (null: the source alone) from {@code clientIp}
   * now, or null; holds no place. Until a first lockout starts, it costs one volatile read.
   */
  public LoginVerdict lockedNow(String username, String clientIp) {
    if (!anyLockout || clientIp == null) {
      return null;
    }
    long now = ticker.read();
    return lockedVerdict(username == null ? sourceAttempt(clientIp, now) : attempt(username, clientIp, now), now);
  }

  private LoginAttempt sourceAttempt(String clientIp, long now) {
    IpAddress address = IpAddress.parse(clientIp);
    return new LoginAttempt(
        usernames.hash(null), false, true, clientIp, address == null ? null : address.subnet(), address == null ? null : address.network(), now);
  }

  /**
   * Whether an attempt whose username is not known yet may reach the app: judged by its source alone
   * (address, network and stuffing lockouts), holding places in the address and network scopes. Its
   * outcome is counted with {@link #record(LoginAttempt, String, LoginOutcome)} once the username is known.
   */
  public LoginVerdict checkSource(String clientIp) {
    long now = ticker.read();
    return judge(sourceAttempt(clientIp, now), now);
  }

  /** Refused by the longest lockout that holds the attempt, or by a full scope; else allowed, holding its places. */
  private LoginVerdict judge(LoginAttempt attempt, long now) {
    LoginVerdict verdict = attempt.clientIp == null ? null : lockedVerdict(attempt, now);
    if (verdict == null) {
      verdict = places.take(attempt, now);
    }
    if (verdict != null) {
      return verdict;
    }
    attempt.holder = this;
    return LoginVerdict.allowed(attempt);
  }

  /**
   * Counts the outcome of an attempt {@link #checkSource} let through, under {@code username} (null
   * when it could not be read), and gives its places back. Returns the lockouts it started, or null.
   */
  public LockoutStart record(LoginAttempt attempt, String username, LoginOutcome outcome) {
    return settle(attempt, username, true, outcome);
  }

  /**
   * Counts the framework's decision on an attempt {@link #check} let through, and gives its places
   * back. Returns the lockouts this outcome started, or null (nearly always).
   */
  public LockoutStart record(LoginAttempt attempt, LoginOutcome outcome) {
    return settle(attempt, null, false, outcome);
  }

  /** Counts {@code attempt}'s outcome (under {@code username} when {@code renamed}) and gives its places back, once. */
  private LockoutStart settle(LoginAttempt attempt, String username, boolean renamed, LoginOutcome outcome) {
    if (!attempt.settle()) {
      return null;
    }
    long now = ticker.read();
    LoginAttempt counted = renamed ? attempt(username, attempt.clientIp, now) : attempt;
    LockoutStart started = count(counted, outcome, now); // before giving the places back, so a racing check never sees too few
    if (attempt.holder == this) {
      places.giveBack(attempt, now);
    }
    return started;
  }

  /** Counts an attempt that holds no place (let through in monitor mode, or never checked); returns the lockouts it started. */
  public LockoutStart record(String username, String clientIp, LoginOutcome outcome) {
    long now = ticker.read();
    return count(attempt(username, clientIp, now), outcome, now);
  }

  /** Lockouts that have ended since the last call (each reported once), for {@code vigil.lockout.expired}. */
  public java.util.List<ExpiredLockout> pollExpired() {
    return expiries.poll(ticker.read());
  }

  /** Gives back the places of an attempt whose outcome will never come (the request ended without one). */
  public void abandon(LoginAttempt attempt) {
    if (attempt.settle() && attempt.holder == this) {
      places.giveBack(attempt, ticker.read());
    }
  }

  /** Whether {@code attempt} is the one {@code username} from {@code clientIp} makes (a hook meeting the login route's attempt). */
  public boolean isSameAttempt(LoginAttempt attempt, String username, String clientIp) {
    return attempt.named == (username != null) && attempt.user == usernames.hash(username) && Objects.equals(attempt.clientIp, clientIp);
  }

  /** A success resets the username+address failures and makes the address known. Returns the lockouts started. */
  private LockoutStart count(LoginAttempt a, LoginOutcome outcome, long now) {
    boolean failed = outcome != LoginOutcome.SUCCESS;
    LockoutStart started = null;
    if (a.clientIp == null) {
      if (failed && t.users.recordFailure(a.user, now)) {
        started = started(t.users, a.user, null, now, null, 0, started);
      }
      return started;
    }
    if (failed) {
      if (t.userIp.recordFailure(a.pair, now)) {
        started = started(t.userIp, a.pair, a.clientIp, now, null, 0, started);
      }
      if (t.ips.recordFailure(a.clientIp, now)) {
        started = started(t.ips, a.clientIp, a.clientIp, now, null, 0, started);
      }
      if (a.named && t.users.recordFailure(a.user, now)) {
        started = started(t.users, a.user, null, now, null, 0, started);
      }
      if (a.subnet != null && t.subnets.recordFailure(a.subnet, now)) {
        started = started(t.subnets, a.subnet, a.subnet, now, null, 0, started);
      }
    } else {
      t.userIp.resetFailures(a.pair);
      t.knownSources.remember(a.pair);
    }
    if (!a.named) {
      return started; // no username: no distinct-username (stuffing) signal either
    }
    int distinct = t.ipActivity.record(a.clientIp, now, a.user, outcome);
    if (distinct >= stuffing.distinctUsernamesPerIp()) {
      t.stuffingIps.lock(a.clientIp, now);
      t.ipActivity.forgetUsernames(a.clientIp);
      started = started(t.stuffingIps, a.clientIp, a.clientIp, now, "distinct-usernames-per-ip", distinct, started);
    } else {
      started = lockOnRatio(t.ipActivity, t.stuffingIps, a.clientIp, now, started);
    }
    if (a.subnet != null) {
      distinct = t.subnetActivity.record(a.subnet, now, a.user, outcome);
      if (distinct >= stuffing.distinctUsernamesPerSubnet()) {
        t.stuffingSubnets.lock(a.subnet, now);
        t.subnetActivity.forgetUsernames(a.subnet);
        started = started(t.stuffingSubnets, a.subnet, a.subnet, now, "distinct-usernames-per-subnet", distinct, started);
      }
    }
    if (a.network != null) {
      started = lockNetworkIfStuffing(a, outcome, now, started);
    }
    return started;
  }

  /**
   * Locks a wide network once as many distinct usernames failed from it as {@link
   * StuffingSettings#distinctUsernamesPerNetwork()}, from at least {@link #NETWORK_MIN_SUBNETS}
   * of its subnets, and they are at least {@link #NETWORK_FAILED_SHARE} of the distinct usernames
   * tried from it: its real users' logins keep an ordinary network open however many of them mistype,
   * a few addresses making up names cannot lock their neighbours out, and an attacker logging into an
   * account of their own between guesses counts as one success. No places are held here (a lockout
   * that waits for its evidence cannot be reserved against), so attempts racing the lockout may each
   * get in.
   */
  private LockoutStart lockNetworkIfStuffing(LoginAttempt a, LoginOutcome outcome, long now, LockoutStart started) {
    int distinct = t.networkActivity.record(a.network, now, a.user, outcome);
    t.networkActivity.spread(a.network, mix(a.subnet == null ? 0 : a.subnet.hashCode()), mix(Long.hashCode(a.user)), outcome == LoginOutcome.SUCCESS);
    if (distinct < stuffing.distinctUsernamesPerNetwork() || !t.networkActivity.spreadLikeStuffing(a.network, NETWORK_MIN_SUBNETS, NETWORK_FAILED_SHARE)) {
      return started;
    }
    t.stuffingNetworks.lock(a.network, now);
    t.networkActivity.forgetUsernames(a.network);
    return started(t.stuffingNetworks, a.network, a.network, now, "distinct-usernames-per-network", distinct, started);
  }

  /**
   * Locks an address when its failure or unknown-user ratio has reached the policy's threshold.
   * Addresses only: a network mixes many people, and its real users' failures would lock them all.
   */
  private LockoutStart lockOnRatio(ActivityTable activity, LockoutTable<String> lockouts, String source, long now, LockoutStart started) {
    ActivityTable.RatioSignal ratio = activity.takeRatioSignal(source, stuffing);
    if (ratio == null) {
      return started;
    }
    lockouts.lock(source, now);
    return started(lockouts, source, source, now, ratio.name, ratio.value, started);
  }

  /** Notes a lockout that just began (for its end event too) and chains it onto {@code others}. */
  private <K> LockoutStart started(LockoutTable<K> table, K key, String source, long now, String signal, double value, LockoutStart others) {
    anyLockout = true;
    long remaining = table.remainingNanos(key, now);
    expiries.add(table, key, source, now + remaining);
    return new LockoutStart(table.scope(), source, remaining, signal, value, others);
  }

  /** The longest lockout that holds this attempt's source now, or null. */
  private LoginVerdict lockedVerdict(LoginAttempt a, long now) {
    LoginVerdict verdict = a.sourceOnly ? null : verdict(LoginScope.USER_IP, t.userIp.remainingNanos(a.pair, now), null);
    verdict = verdict(LoginScope.IP, t.ips.remainingNanos(a.clientIp, now), verdict);
    verdict = verdict(LoginScope.STUFFING_IP, t.stuffingIps.remainingNanos(a.clientIp, now), verdict);
    if (a.subnet != null) {
      verdict = verdict(LoginScope.SUBNET, t.subnets.remainingNanos(a.subnet, now), verdict);
      verdict = verdict(LoginScope.STUFFING_SUBNET, t.stuffingSubnets.remainingNanos(a.subnet, now), verdict);
    }
    // a wide network holds many people: one who logged in as this user from this address (or device) before passes
    if (a.network != null && !(a.named && !a.sourceOnly && (a.knownDevice || t.knownSources.isKnown(a.pair)))) {
      verdict = verdict(LoginScope.STUFFING_NETWORK, t.stuffingNetworks.remainingNanos(a.network, now), verdict);
    }
    // an attempt whose username could not be read is judged by its source alone: a shared "no name"
    // account would otherwise let 30 failures anywhere lock every unknown source out
    long userRemaining = a.named && !a.sourceOnly ? t.users.remainingNanos(a.user, now) : 0;
    if (userRemaining > 0 && !a.knownDevice && !t.knownSources.isKnown(a.pair)) {
      verdict = verdict(LoginScope.USER, userRemaining, verdict);
    }
    return verdict;
  }

  /** Keys locked right now across every scope. Walks the tables (bounded): call it at metric intervals, not per request. */
  public long activeLockouts() {
    return t.activeLockouts(ticker.read());
  }

  /** Keys in good standing pushed out of full lockout tables ({@code vigil.table=lockouts}). */
  public long lockoutEvictions() {
    return t.lockoutEvictions();
  }

  /** Locked keys pushed out of full locked segments, each forgetting a lockout or its backoff ({@code vigil.table=lockouts-locked}). */
  public long lockedEvictions() {
    return t.lockedEvictions();
  }

  /** Known sources pushed out of the full table ({@code vigil.table=known-sources}): only successful logins fill it. */
  public long knownSourceEvictions() {
    return t.knownSources.evictions();
  }

  /** Runs pending evictions now; the tables otherwise do it on later accesses. */
  public void cleanUp() {
    t.cleanUp();
  }

  /** Estimated entries per table, for tests and metrics. */
  Map<String, Long> estimatedSizes() {
    return t.estimatedSizes();
  }

  /** Every key held, for tests that prove no raw username is kept. */
  Iterable<?>[] trackedKeys() {
    return t.keys();
  }

  private LoginAttempt attempt(String username, String clientIp, long now) {
    IpAddress address = clientIp == null ? null : IpAddress.parse(clientIp);
    return new LoginAttempt(
        usernames.hash(username), username != null, clientIp, address == null ? null : address.subnet(), address == null ? null : address.network(), now);
  }

  /** The longer of {@code current} and a lockout of {@code remainingNanos} by {@code scope}. */
  private static LoginVerdict verdict(LoginScope scope, long remainingNanos, LoginVerdict current) {
    if (remainingNanos <= 0) {
      return current;
    }
    LoginVerdict locked = LoginVerdict.locked(scope, remainingNanos);
    return current == null || locked.retryAfterSeconds() > current.retryAfterSeconds() ? locked : current;
  }

  private static long mix(int hash) {
    long h = hash * 0x9E3779B97F4A7C15L;
    return h ^ (h >>> 29);
  }
}
