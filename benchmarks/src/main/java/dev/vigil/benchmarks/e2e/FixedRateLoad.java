package dev.vigil.benchmarks.e2e;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * A fixed-rate HTTP/1.1 load generator in the manner of wrk2: {@code --connections} keep-alive
 * connections share {@code --rate} requests per second on an exact schedule ({@link RequestSchedule}),
 * and every latency is measured from the request's intended send time ({@link LoadConnection}), so
 * the percentiles are free of coordinated omission. Each request carries {@code X-Forwarded-For}
 * from a pool of client addresses ({@link ClientAddressPool}) so the agent's default per-IP limit
 * sees many callers far under their limit. Loopback targets only.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.vigil.benchmarks.e2e.FixedRateLoad \
 *     --url http://127.0.0.1:8080/hello --rate 20000 --connections 16 --duration 20 --warmup 5 \
 *     [--addresses 4000] [--hgrm out.hgrm] [--timeout 10]
 * </pre>
 *
 * Prints one summary line of key=value pairs (parsed by benchmarks/e2e/compare.sh) and exits 3 if
 * any measured request failed, was not answered 2xx, or was never sent.
 */
public final class FixedRateLoad {
  private FixedRateLoad() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = parse(args);
    URI url = URI.create(required(options, "url"));
    if (!"http".equals(url.getScheme())) throw new IllegalArgumentException("http:// URLs only: " + url);
    String host = url.getHost();
    if (!host.equals("127.0.0.1") && !host.equals("localhost") && !host.equals("[::1]")) {
      throw new IllegalArgumentException("loopback targets only: " + host);
    }
    int port = url.getPort() > 0 ? url.getPort() : 80;
    String path = url.getRawPath().isEmpty() ? "/" : url.getRawPath() + (url.getRawQuery() != null ? "?" + url.getRawQuery() : "");
    long rate = Long.parseLong(required(options, "rate"));
    int connections = Integer.parseInt(options.getOrDefault("connections", "16"));
    double durationSeconds = Double.parseDouble(options.getOrDefault("duration", "20"));
    double warmupSeconds = Double.parseDouble(options.getOrDefault("warmup", "5"));
    int addresses = Integer.parseInt(options.getOrDefault("addresses", "4000"));
    int timeoutSeconds = Integer.parseInt(options.getOrDefault("timeout", "10"));
    String hgrm = options.get("hgrm");
    if (durationSeconds <= 0 || durationSeconds > 3600 || warmupSeconds < 0 || warmupSeconds > 3600) {
      throw new IllegalArgumentException("duration must be in (0, 3600] s and warm-up in [0, 3600] s");
    }

    double perAddress = (double) rate / addresses;
    if (perAddress > 25) {
      System.out.printf(Locale.ROOT, "warning: %.1f req/s per client address; the default policy allows 50/s (burst 100): use more --addresses%n", perAddress);
    }
    byte[][] requests = requestBytes(path, host + ":" + port, new ClientAddressPool(addresses));
    long warmupNanos = (long) (warmupSeconds * 1e9);
    long measuredNanos = (long) (durationSeconds * 1e9);
    // the schedule starts a little ahead, so every connection thread is up before the first send is due
    long start = System.nanoTime() + 200_000_000L;
    RequestSchedule schedule = new RequestSchedule(start, rate, connections);
    long warmupRequests = schedule.requestsBefore(warmupNanos);
    long totalRequests = schedule.requestsBefore(warmupNanos + measuredNanos);
    long hardDeadline = start + warmupNanos + measuredNanos + timeoutSeconds * 1_000_000_000L;
    InetSocketAddress server = new InetSocketAddress(host.equals("[::1]") ? "::1" : host, port);

    List<LoadConnection> workers = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      LoadConnection worker = new LoadConnection(c, server, schedule, requests, warmupRequests, totalRequests,
          timeoutSeconds * 1000, hardDeadline);
      Thread thread = new Thread(worker, "load-" + c);
      thread.setDaemon(true);
      workers.add(worker);
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }

    Histogram latency = LoadHistograms.newHistogram();
    Histogram serviceTime = LoadHistograms.newHistogram();
    Histogram sendLag = LoadHistograms.newHistogram();
    long completed = 0, answered = 0, non2xx = 0, errors = 0;
    String firstError = null;
    long firstBadStatus = 0;
    for (LoadConnection w : workers) {
      latency.add(w.latency);
      serviceTime.add(w.serviceTime);
      sendLag.add(w.sendLag);
      completed += w.completed;
      answered += w.answered;
      non2xx += w.non2xx;
      errors += w.errors;
      if (firstError == null) firstError = w.firstError;
      if (firstBadStatus == 0) firstBadStatus = w.firstStatusNot2xx;
    }
    long expected = totalRequests - warmupRequests;
    long missing = Math.max(0, expected - completed - errors); // never sent: the server stalled past the deadline
    if (hgrm != null) {
      try (PrintStream out = new PrintStream(new FileOutputStream(hgrm), false, StandardCharsets.UTF_8)) {
        LoadHistograms.writePercentileDistribution(latency, out);
      }
    }
    System.out.printf(Locale.ROOT, "fixed-rate: %s, target %d req/s over %d connections, %.1f s measured after %.1f s warm-up, %d client addresses%n",
        url, rate, connections, durationSeconds, warmupSeconds, addresses);
    System.out.printf(Locale.ROOT, "result target_rps=%d achieved_rps=%.1f requests=%d answered_with_warmup=%d errors=%d non2xx=%d missing=%d %s%n",
        rate, completed / durationSeconds, completed, answered, errors, non2xx, missing, LoadHistograms.percentilesMillis(latency));
    System.out.println("latency_ms (from intended send, CO-free)      " + LoadHistograms.percentilesMillis(latency));
    System.out.println("service_ms (from actual send, CO-prone)       " + LoadHistograms.percentilesMillis(serviceTime));
    System.out.println("send_lag_ms (actual - intended send: backlog) " + LoadHistograms.percentilesMillis(sendLag));
    if (firstError != null) System.out.println("first error: " + firstError);
    if (firstBadStatus != 0) System.out.println("first non-2xx status: " + firstBadStatus);
    if (errors > 0 || non2xx > 0 || missing > 0) System.exit(3);
  }

  /** One request per client address: GET path, Host, X-Forwarded-For; nothing else (like wrk's default request). */
  static byte[][] requestBytes(String path, String hostHeader, ClientAddressPool pool) {
    byte[][] requests = new byte[pool.size()][];
    for (int i = 0; i < pool.size(); i++) {
      String text = "GET " + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nX-Forwarded-For: " + pool.forRequest(i) + "\r\n\r\n";
      requests[i] = text.getBytes(StandardCharsets.ISO_8859_1);
    }
    return requests;
  }

  static Map<String, String> parse(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) throw new IllegalArgumentException("expected --name value pairs, at: " + args[i]);
      options.put(args[i].substring(2), args[++i]);
    }
    return options;
  }

  private static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null) throw new IllegalArgumentException("--" + name + " is required");
    return value;
  }
}
