package dev.vigil.benchmarks;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.vigil.agent.engine.Engine;
import dev.vigil.bootstrap.Decision;
import dev.vigil.bootstrap.RequestContext;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.lang.reflect.Method;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.management.ObjectName;

/**
 * Retained heap per tracked caller (DESIGN.md budget: "heap per tracked caller ≤ 128 B"). Not a JMH
 * benchmark and not a timed test: a main that builds an {@link Engine} from a policy whose table caps
 * hold every caller, feeds N distinct callers through the two moments the server's advice calls
 * ({@code onRequest} + {@code onResponse}, with a fresh {@link RequestContext} each, as {@link
 * DecisionPathBenchmark} does), and compares the live heap before and after: the class histogram of a
 * full GC ({@code GC.class_histogram}, through the DiagnosticCommand MBean) and the MemoryMXBean's
 * used heap after {@code System.gc()}. Prints bytes per caller and, by class, what each caller costs.
 *
 * <pre>
 * java -Xmx3g -XX:+UseParallelGC -cp benchmarks/target/benchmarks.jar dev.vigil.benchmarks.HeapPerCaller \
 *     [--callers 1000000] [--policy default|single] [--kind ipv4|ipv6|proxied] [--path /api/products/42] [--max-keys N] [--top 20]
 * </pre>
 *
 * {@code --policy default}: the built-in rules and detectors (no {@code rules:} in the file), with
 * {@code state.maxKeysPerRule} raised so that every caller fits (default: twice the power of two at or
 * above the callers, because the enumeration detector's anonymous tallies are capped at half of it)
 * and {@code login.maxTrackedKeys} alike. Caffeine allocates a table's frequency sketch (8 B per slot
 * of that power of two) only once the table is half full, so in this shape the rule tables' sketches
 * are not counted: add 8–16 B per caller per rule table for a full one. {@code single}:
 * one per-IP rule on every route, every behavioural detector off. The path decides which detectors
 * keep state: {@code /api/products/42} names an object (an enumeration tally per caller), {@code
 * /hello} does not (the rule's bucket only). The callers' address texts are made on the fly and never
 * kept by the harness: what stays is what the engine keeps.
 */
public final class HeapPerCaller {
  private static final int WARM_UP_CALLERS = 1_000;

  private HeapPerCaller() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    int callers = Integer.parseInt(options.getOrDefault("callers", "1000000"));
    String policyName = options.getOrDefault("policy", "default");
    String kind = options.getOrDefault("kind", "ipv4");
    String path = options.getOrDefault("path", "/api/products/42");
    // the power of two at or above the callers and the warm-up's: Caffeine's frequency sketch is 8 B per slot of that
    int tableSize = Integer.highestOneBit(callers + WARM_UP_CALLERS - 1) << 1;
    int maxKeys = Integer.parseInt(options.getOrDefault("max-keys", Integer.toString(policyName.equals("default") ? 2 * tableSize : tableSize)));
    int top = Integer.parseInt(options.getOrDefault("top", "20"));

    String yaml = policy(policyName, maxKeys);
    System.out.printf(Locale.ROOT, "heap per caller: %,d %s callers, policy %s (state.maxKeysPerRule %,d), path %s, %s%n",
        callers, kind, policyName, maxKeys, path, System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    Engine engine = Engine.create(DecisionPathBenchmark.load(yaml), Ticker.systemTicker(), Clock.systemUTC());
    // warm every lazily built part (route tables, templates, baselines, the first Caffeine buffers) with a few callers of another shape
    for (int i = 0; i < WARM_UP_CALLERS; i++) {
      feed(engine, "198.18." + (i >> 8) + "." + (i & 255), null, path);
    }
    engine.trackedCallers();

    Snapshot before = Snapshot.take();
    long start = System.nanoTime();
    int refused = 0;
    for (int i = 0; i < callers; i++) {
      Decision decision;
      switch (kind) {
        case "ipv6":
          decision = feed(engine, ipv6(i), null, path);
          break;
        case "proxied":
          decision = feed(engine, "127.0.0.1", ipv4(i), path);
          break;
        default:
          decision = feed(engine, ipv4(i), null, path);
      }
      if (decision != null && decision.blocks()) {
        refused++;
      }
    }
    long elapsed = System.nanoTime() - start;
    long ruleKeys = engine.trackedCallers(); // also runs the rule tables' pending maintenance
    long detectorKeys = detectorKeys(engine);
    Snapshot after = Snapshot.take();
    Reference.reachabilityFence(engine);

    System.out.printf(Locale.ROOT, "fed in %.1f s (%.0f ns per caller), refused %d; rule tables hold %,d keys, detector tables %,d%n",
        elapsed / 1e9, (double) elapsed / callers, refused, ruleKeys, detectorKeys);
    long histogramDelta = after.histogramBytes - before.histogramBytes;
    long usedDelta = after.usedHeap - before.usedHeap;
    System.out.printf(Locale.ROOT, "live heap (class histogram): %,d -> %,d B: +%,d B = %.1f B per caller%n",
        before.histogramBytes, after.histogramBytes, histogramDelta, (double) histogramDelta / callers);
    System.out.printf(Locale.ROOT, "used heap after System.gc() (MemoryMXBean): %,d -> %,d B: +%,d B = %.1f B per caller%n",
        before.usedHeap, after.usedHeap, usedDelta, (double) usedDelta / callers);
    System.out.println();
    System.out.printf(Locale.ROOT, "%-70s %12s %14s %10s %8s%n", "class (top " + top + " by bytes added)", "+instances", "+bytes", "B/caller", "per caller");
    List<Map.Entry<String, long[]>> rows = new ArrayList<>();
    for (Map.Entry<String, long[]> row : after.byClass.entrySet()) {
      long[] was = before.byClass.getOrDefault(row.getKey(), new long[2]);
      rows.add(Map.entry(row.getKey(), new long[] {row.getValue()[0] - was[0], row.getValue()[1] - was[1]}));
    }
    rows.sort((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]));
    long shown = 0;
    for (int i = 0; i < Math.min(top, rows.size()); i++) {
      long[] d = rows.get(i).getValue();
      shown += d[1];
      System.out.printf(Locale.ROOT, "%-70s %,12d %,14d %10.1f %8.2f%n", rows.get(i).getKey(), d[0], d[1], (double) d[1] / callers, (double) d[0] / callers);
    }
    System.out.printf(Locale.ROOT, "%-70s %12s %,14d %10.1f%n", "(the rest)", "", histogramDelta - shown, (double) (histogramDelta - shown) / callers);
  }

  private static Decision feed(Engine engine, String peer, String forwardedFor, String path) {
    RequestContext request = new RequestContext("heap", "GET", path, peer, forwardedFor, null, null, "heap/1.0");
    Decision decision = engine.onRequest(request);
    if (decision == null || !decision.blocks()) {
      engine.onResponse(request, 200, null);
    }
    return decision;
  }

  /** Distinct public IPv4 addresses from 11.0.0.0 up (no trusted range is met below 10M callers... or far above). */
  static String ipv4(int i) {
    return (11 + (i >>> 24)) + "." + ((i >>> 16) & 255) + "." + ((i >>> 8) & 255) + "." + (i & 255);
  }

  /** One address in each of distinct /64s of 2001:db8::/32: the worst case, an address and its /64 per caller. */
  static String ipv6(int i) {
    return "2001:db8:" + Integer.toHexString(i >>> 16) + ":" + Integer.toHexString(i & 0xffff) + "::1";
  }

  static String policy(String name, int maxKeys) {
    String state = "state: { maxKeysPerRule: " + maxKeys + " }\n";
    String login = "login: { maxTrackedKeys: " + maxKeys + " }\n";
    if (name.equals("default")) {
      return "mode: enforce\n" + state + login;
    }
    if (name.equals("single")) {
      return "mode: enforce\n" + state + login
          + "rules:\n"
          + "  - name: per-client\n"
          + "    key: ip\n"
          + "    rate: 1000000000/s\n"
          + "    burst: 1000000000\n"
          + "detectors:\n"
          + "  scan: { action: off }\n"
          + "  enumeration: { action: off }\n"
          + "  underAttack: { action: off }\n"
          + "  accountTakeover: { action: off }\n";
    }
    throw new IllegalArgumentException("--policy default|single, not " + name);
  }

  private static long detectorKeys(Engine engine) {
    try {
      Method method = Engine.class.getDeclaredMethod("detectorKeys");
      method.setAccessible(true);
      return (long) method.invoke(engine);
    } catch (ReflectiveOperationException e) {
      return -1;
    }
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("options are --name value pairs: " + args[i]);
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    return options;
  }

  /** The live heap at one moment: a class histogram (it runs a full GC first) and the used heap after more full GCs. */
  private static final class Snapshot {
    final Map<String, long[]> byClass = new HashMap<>();
    long histogramBytes;
    long usedHeap;

    static Snapshot take() throws Exception {
      Snapshot snapshot = new Snapshot();
      MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
      for (int i = 0; i < 4; i++) {
        System.gc();
        Thread.sleep(100);
      }
      snapshot.usedHeap = memory.getHeapMemoryUsage().getUsed();
      String histogram =
          (String) ManagementFactory.getPlatformMBeanServer()
              .invoke(
                  new ObjectName("com.sun.management:type=DiagnosticCommand"),
                  "gcClassHistogram",
                  new Object[] {new String[0]},
                  new String[] {String[].class.getName()});
      // "   1:       1234567       98765432  [B (java.base@17.0.15)"
      for (String line : histogram.split("\n")) {
        String[] parts = line.trim().split("\\s+");
        if (parts.length >= 4 && parts[0].endsWith(":")) {
          long instances = Long.parseLong(parts[1]);
          long bytes = Long.parseLong(parts[2]);
          snapshot.byClass.merge(parts[3], new long[] {instances, bytes}, (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
          snapshot.histogramBytes += bytes;
        }
      }
      return snapshot;
    }
  }
}
