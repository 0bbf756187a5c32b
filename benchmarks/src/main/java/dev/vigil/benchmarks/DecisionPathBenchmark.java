package dev.vigil.benchmarks;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.vigil.agent.config.Policy;
import dev.vigil.agent.config.PolicyLoader;
import dev.vigil.agent.engine.Engine;
import dev.vigil.bootstrap.Decision;
import dev.vigil.bootstrap.RequestContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-request cost of {@link Engine#onRequest} — the DESIGN.md budget is "decision path for a
 * known caller: ≤ 300 ns mean, 0 B allocated (JMH, 2 threads, {@code -prof gc})".
 *
 * <ul>
 *   <li>{@link #knownCallerDirect}: the caller's bucket exists, the peer is the client (no
 *       forwarding headers), the caller is far under its limit → {@link Decision#ALLOW}.
 *   <li>{@link #knownCallerSharedByThreads}: same, but both threads are the same caller, so they
 *       contend on one bucket and one cache entry (what wrk from one address does end to end).
 *   <li>{@link #knownCallerViaTrustedProxy}: same, but the TCP peer is a trusted proxy (loopback)
 *       and the client comes from {@code X-Forwarded-For} (two hops, walked right to left).
 *   <li>{@link #overLimit}: the caller's bucket is empty, every call is a throttle decision.
 * </ul>
 *
 * Except in {@code knownCallerSharedByThreads}, each benchmark thread is its own caller (distinct
 * address), as on a real server where two request threads rarely serve the same client at once.
 * Every call builds a fresh {@code RequestContext}, as the server's reader does for each request, and
 * runs the request's two moments (entry and exit): the context is where the engine keeps what it
 * derived (path, client, keys), so reusing one would measure a cache, not a request. The context is
 * the one allocation of an allowed request (B/op under {@code -prof gc}).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar -prof gc} (see BENCHMARKS.md).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(2)
public class DecisionPathBenchmark {

  /** Rate so high that nobody is ever throttled: measures the pure "allowed" path. */
  private static final String GENEROUS_POLICY =
      "mode: enforce\n"
          + "rules:\n"
          + "  - name: per-client\n"
          + "    routes: [\"/api/**\"]\n"
          + "    key: ip\n"
          + "    rate: 1000000000/s\n"
          + "    burst: 1000000000\n";

  /** A bucket that a single caller drains on the first request and that never refills in a run. */
  private static final String STINGY_POLICY =
      "mode: enforce\n"
          + "rules:\n"
          + "  - name: per-client\n"
          + "    routes: [\"/api/**\"]\n"
          + "    key: ip\n"
          + "    rate: 1/h\n"
          + "    burst: 1\n";

  /** One engine that allows everyone (the known-caller benchmarks). */
  @State(Scope.Benchmark)
  public static class Generous {
    Engine engine;

    @Setup(Level.Trial)
    public void setUp() {
      engine = Engine.create(load(GENEROUS_POLICY), Ticker.systemTicker(), Clock.systemUTC());
    }
  }

  /** One engine whose callers are over their limit after the first request. */
  @State(Scope.Benchmark)
  public static class Stingy {
    Engine engine;

    @Setup(Level.Trial)
    public void setUp() {
      engine = Engine.create(load(STINGY_POLICY), Ticker.systemTicker(), Clock.systemUTC());
    }
  }

  private static final AtomicInteger NEXT_CALLER = new AtomicInteger(10);

  /** A caller that talks to the service directly; its state exists before measurement. */
  @State(Scope.Thread)
  public static class DirectCaller {
    String peer;

    @Setup(Level.Trial)
    public void setUp(Generous generous) {
      peer = "203.0.113." + NEXT_CALLER.getAndIncrement();
      check(generous.engine.onRequest(request(peer, null)) == Decision.ALLOW, "direct caller must be allowed");
    }
  }

  /** One caller shared by both benchmark threads (like wrk: every request from 127.0.0.1). */
  @State(Scope.Benchmark)
  public static class SharedCaller {
    final String peer = "203.0.113.200";

    @Setup(Level.Trial)
    public void setUp(Generous generous) {
      check(generous.engine.onRequest(request(peer, null)) == Decision.ALLOW, "shared caller must be allowed");
    }
  }

  /** A caller behind a trusted proxy (loopback peer) that forwards two hops in X-Forwarded-For. */
  @State(Scope.Thread)
  public static class ProxiedCaller {
    final String peer = "127.0.0.1";
    String forwardedFor;

    @Setup(Level.Trial)
    public void setUp(Generous generous) {
      forwardedFor = "198.51.100." + NEXT_CALLER.getAndIncrement() + ", 10.1.2.3";
      check(generous.engine.onRequest(request(peer, forwardedFor)) == Decision.ALLOW, "proxied caller must be allowed");
    }
  }

  /** A caller that has spent its burst and keeps coming. */
  @State(Scope.Thread)
  public static class ThrottledCaller {
    String peer;

    @Setup(Level.Trial)
    public void setUp(Stingy stingy) {
      peer = "192.0.2." + NEXT_CALLER.getAndIncrement();
      for (int i = 0; i < 3; i++) {
        stingy.engine.onRequest(request(peer, null));
      }
      check(stingy.engine.onRequest(request(peer, null)).blocks(), "over-limit caller must be throttled");
    }
  }

  @Benchmark
  public Decision knownCallerDirect(Generous generous, DirectCaller caller) {
    return allowed(generous.engine, request(caller.peer, null));
  }

  @Benchmark
  public Decision knownCallerSharedByThreads(Generous generous, SharedCaller caller) {
    return allowed(generous.engine, request(caller.peer, null));
  }

  @Benchmark
  public Decision knownCallerViaTrustedProxy(Generous generous, ProxiedCaller caller) {
    return allowed(generous.engine, request(caller.peer, caller.forwardedFor));
  }

  /** A refused request has no exit: the app never runs. */
  @Benchmark
  public Decision overLimit(Stingy stingy, ThrottledCaller caller) {
    return stingy.engine.onRequest(request(caller.peer, null));
  }

  /** Entry, then the exit the advice reports once the app has answered. */
  static Decision allowed(Engine engine, RequestContext request) {
    Decision decision = engine.onRequest(request);
    engine.onResponse(request, 200, null);
    return decision;
  }

  static RequestContext request(String peer, String xForwardedFor) {
    return new RequestContext("bench", "GET", "/api/products/42", peer, xForwardedFor, null, null, "bench/1.0");
  }

  static Policy load(String yaml) {
    try {
      Path file = Files.createTempFile("vigil-bench-", ".yaml");
      try {
        Files.write(file, yaml.getBytes(StandardCharsets.UTF_8));
        return PolicyLoader.load(file);
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) { // InvalidPolicyException
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private static void check(boolean condition, String message) {
    if (!condition) {
      throw new IllegalStateException(message);
    }
  }
}
