package dev.vigil.benchmarks;

import static dev.vigil.benchmarks.DecisionPathBenchmark.allowed;
import static dev.vigil.benchmarks.DecisionPathBenchmark.request;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.vigil.agent.engine.Engine;
import dev.vigil.bootstrap.Decision;
import dev.vigil.bootstrap.LoginResult;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The paths {@link DecisionPathBenchmark} leaves out: an IPv6 caller, a client behind proxies that
 * each appended their own forwarding line (the lines joined, as the readers hand them over), a new
 * caller on every request while the table is full (an address-rotation flood: every request an
 * eviction), a failed login through an authentication hook, and the known caller with one
 * behavioural detector at a time ({@code detectors} names the one left on; {@code none}: all off) to
 * see what each costs per request.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar CallerPaths -prof gc} (see BENCHMARKS.md).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(2)
public class CallerPathsBenchmark {
  private static final String GENEROUS_RULE =
      "rules:\n  - {name: per-client, routes: [\"/api/**\"], key: ip, rate: 1000000000/s, burst: 1000000000}\n";

  /** The generous policy, every detector on, and a table of 10,000 callers per rule for the churn. */
  @State(Scope.Benchmark)
  public static class Engines {
    Engine engine;
    final AtomicInteger nextAddress = new AtomicInteger();

    @Setup(Level.Trial)
    public void setUp() {
      engine = Engine.create(DecisionPathBenchmark.load("state: {maxKeysPerRule: 10000}\n" + GENEROUS_RULE), Ticker.systemTicker(), Clock.systemUTC());
    }
  }

  /** The generous policy with one behavioural detector left on ({@code none}: all off; {@code all}: the defaults). */
  @State(Scope.Benchmark)
  public static class DetectorEngines {
    @Param({"all", "none", "scan", "enumeration", "underAttack"})
    public String detectors;

    Engine engine;

    @Setup(Level.Trial)
    public void setUp() {
      String off = "{action: off}";
      String policy =
          GENEROUS_RULE
              + (detectors.equals("all") ? ""
                  : "detectors: {scan: " + (detectors.equals("scan") ? "{}" : off) + ", enumeration: " + (detectors.equals("enumeration") ? "{}" : off)
                      + ", underAttack: " + (detectors.equals("underAttack") ? "{}" : off) + ", accountTakeover: " + off + "}\n");
      engine = Engine.create(DecisionPathBenchmark.load(policy), Ticker.systemTicker(), Clock.systemUTC());
    }
  }

  private static final AtomicInteger NEXT_CALLER = new AtomicInteger(10);
  private static final int LOGINS = 4096;

  /** Per thread: a direct caller of the detector engines, known before measurement. */
  @State(Scope.Thread)
  public static class DetectorCaller {
    String direct;

    @Setup(Level.Trial)
    public void setUp(DetectorEngines engines) {
      direct = "203.0.113." + NEXT_CALLER.getAndIncrement();
      allowed(engines.engine, request(direct, null));
    }
  }

  /** Per thread: its own callers (IPv6, behind three proxies' lines), known before measurement, and the logins it cycles through. */
  @State(Scope.Thread)
  public static class Callers {
    String ipv6;
    String joinedLines;
    final String[] usernames = new String[LOGINS];
    final String[] addresses = new String[LOGINS];
    int next;

    @Setup(Level.Trial)
    public void setUp(Engines engines) {
      int n = NEXT_CALLER.getAndIncrement();
      ipv6 = "2001:db8:" + Integer.toHexString(n) + "::7";
      joinedLines = "198.51.100." + n + ", 10.1.2.3, 10.4.5.6";
      for (int i = 0; i < LOGINS; i++) {
        usernames[i] = "user" + n + "-" + i;
        addresses[i] = "100." + (64 + n) + "." + (i >>> 8) + "." + (i & 0xff);
      }
      allowed(engines.engine, request(ipv6, null));
      allowed(engines.engine, request("127.0.0.1", joinedLines));
    }
  }

  /** The known caller of {@link DecisionPathBenchmark}, with one detector at a time. */
  @Benchmark
  public Decision knownCallerByDetector(DetectorEngines engines, DetectorCaller callers) {
    return allowed(engines.engine, request(callers.direct, null));
  }

  @Benchmark
  public Decision knownCallerIpv6(Engines engines, Callers callers) {
    return allowed(engines.engine, request(callers.ipv6, null));
  }

  @Benchmark
  public Decision knownCallerBehindThreeProxyLines(Engines engines, Callers callers) {
    return allowed(engines.engine, request("127.0.0.1", callers.joinedLines));
  }

  /**
   * Every request a caller never seen, the table full: what an address-rotation flood costs per
   * request (its address string is built here, as a server's reader builds it for each request).
   */
  @Benchmark
  public Decision newCallerWhileKeysChurn(Engines engines) {
    int n = engines.nextAddress.getAndIncrement();
    return allowed(engines.engine, request("10." + ((n >>> 16) & 0xff) + "." + ((n >>> 8) & 0xff) + "." + (n & 0xff), null));
  }

  /**
   * A failed login through an authentication hook (the check, then the outcome) for one of 4,096
   * usernames from one of 4,096 addresses per thread: a stuffing run, so as the run goes on more and
   * more attempts are refused by a lockout, the attacker's path of a login.
   */
  @Benchmark
  public boolean failedLoginThroughAHook(Engines engines, Callers callers) {
    int i = callers.next++ & (LOGINS - 1);
    String user = callers.usernames[i];
    String address = callers.addresses[(i * 31) & (LOGINS - 1)];
    boolean locked = engines.engine.onLoginAttempt("bench", user, address, null);
    if (!locked) {
      engines.engine.onLoginOutcome("bench", user, address, null, LoginResult.FAILURE);
    }
    return locked;
  }
}
