package dev.vigil.benchmarks;

import static dev.vigil.benchmarks.DecisionPathBenchmark.request;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.vigil.agent.engine.Engine;
import dev.vigil.bootstrap.Decision;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What recording a decision costs, with an audit file open (the sink that keeps the most):
 *
 * <ul>
 *   <li>{@link #refusalOfOneCallerAudited}: one over-limit caller per thread, every request a
 *       throttle decision; the audit trail keeps the first of each minute and counts the repeats,
 *       so this is the cost of a refusal that is counted, not written.
 *   <li>{@link #refusalOfManyCallersAudited}: every refusal by another of 65,536 over-limit callers
 *       per thread (a botnet, each address spent), so the sampler's and the notices' tables churn:
 *       each caller's first refusal of a minute becomes an event, built, handed to every sink and
 *       written to the file by a writer thread every 200 ms (the agent's scheduler does that); the
 *       others are counted by caller.
 * </ul>
 *
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar EventRecording -prof gc} (see BENCHMARKS.md).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(2)
public class EventRecordingBenchmark {
  private static final int CALLERS = 1 << 16;
  private static final AtomicInteger NEXT_THREAD = new AtomicInteger(1);

  /** A stingy rule (one request per hour), an audit file in a temp directory. */
  @State(Scope.Benchmark)
  public static class Audited {
    Engine engine;
    Path dir;
    Thread writer;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      dir = Files.createTempDirectory("vigil-bench-audit");
      String policy =
          "mode: enforce\n"
              + "audit: {file: " + dir.resolve("audit.jsonl") + "}\n"
              + "state: {maxKeysPerRule: 262144, maxThrottledKeysPerRule: 262144}\n"
              + "rules:\n  - {name: per-client, routes: [\"/api/**\"], key: ip, rate: 1/h, burst: 1}\n";
      engine = Engine.create(DecisionPathBenchmark.load(policy), Ticker.systemTicker(), Clock.systemUTC());
      // what the agent's scheduler does: the file is written every 200 ms, off the request threads
      Runnable write = engine.auditWriter();
      writer =
          new Thread(() -> {
            try {
              while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(200);
                write.run();
              }
            } catch (InterruptedException stop) {
              // the trial is over
            }
          }, "bench-audit-writer");
      writer.setDaemon(true);
      writer.start();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
      writer.interrupt();
      writer.join();
      engine.close();
      try (var files = Files.list(dir)) {
        for (Path file : (Iterable<Path>) files::iterator) {
          Files.deleteIfExists(file);
        }
        Files.deleteIfExists(dir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Per thread: its own over-limit callers, each spent before measurement. */
  @State(Scope.Thread)
  public static class SpentCallers {
    final String[] addresses = new String[CALLERS];
    int next;

    @Setup(Level.Trial)
    public void setUp(Audited audited) {
      int thread = NEXT_THREAD.getAndIncrement();
      for (int i = 0; i < CALLERS; i++) {
        addresses[i] = "10." + thread + "." + (i >>> 8) + "." + (i & 0xff);
        audited.engine.onRequest(request(addresses[i], null));
        if (!audited.engine.onRequest(request(addresses[i], null)).blocks()) {
          throw new IllegalStateException("a spent caller must be throttled");
        }
      }
    }
  }

  @Benchmark
  public Decision refusalOfOneCallerAudited(Audited audited, SpentCallers callers) {
    return audited.engine.onRequest(request(callers.addresses[0], null));
  }

  @Benchmark
  public Decision refusalOfManyCallersAudited(Audited audited, SpentCallers callers) {
    return audited.engine.onRequest(request(callers.addresses[callers.next++ & (CALLERS - 1)], null));
  }
}
