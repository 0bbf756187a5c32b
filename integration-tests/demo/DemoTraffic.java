import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Traffic for the Vigil demo: three polite clients and one scraper, all from this machine. Each
 * pretends to be a different client with {@code X-Forwarded-For}: the service sees a loopback peer,
 * which Vigil trusts as a proxy by default, so the forwarded address is the caller it limits.
 *
 * <pre>
 *   java integration-tests/demo/DemoTraffic.java http://127.0.0.1:8080 15
 * </pre>
 *
 * A fifth, polite client comes from a network the demo policy denies outright.
 *
 * <p>Prints one table: per client, requests sent, allowed (2xx), throttled (429, with a sample
 * Retry-After), blocked (403). Exits 1 if the outcome is not what the demo policy promises
 * (polite clients untouched, the scraper throttled, the denied network refused), 0 otherwise.
 */
public final class DemoTraffic {
  /** Hard cap per scraper worker, in case the service answers implausibly fast. */
  private static final int SCRAPER_MAX_REQUESTS_PER_WORKER = 50_000;
  private static final int SCRAPER_WORKERS = 4;

  public static void main(String[] args) throws Exception {
    String base = args.length > 0 ? args[0] : "http://127.0.0.1:8080";
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    String parent = System.getProperty("demo.parentPid");
    if (parent != null && !parent.isEmpty()) { // stop early if the demo script is killed
      ProcessHandle.of(Long.parseLong(parent)).ifPresentOrElse(
          handle -> handle.onExit().thenRun(() -> System.exit(2)), () -> System.exit(2));
    }

    HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2))
        .build();

    List<Client> clients = List.of(
        new Client("alice (browser)", "198.51.100.10", false),
        new Client("bob (mobile app)", "198.51.100.20", false),
        new Client("carol (partner)", "198.51.100.30", false),
        new Client("scraper (bot)", "192.0.2.66", true),
        new Client("mallory (denied)", "203.0.113.99", false));

    System.out.printf("Sending traffic to %s for %d s: 3 polite clients (~2 req/s each), 1 scraper (%d workers, flat out),"
        + " 1 polite client from a denied network%n",
        base, seconds, SCRAPER_WORKERS);

    List<Thread> threads = new ArrayList<>();
    AtomicInteger nextId = new AtomicInteger(1);
    for (Client c : clients) {
      if (c.scraper) {
        for (int w = 0; w < SCRAPER_WORKERS; w++) {
          threads.add(start(c.name + "-" + w, () -> scrape(http, base, c, nextId, deadline)));
        }
      } else {
        threads.add(start(c.name, () -> browse(http, base, c, deadline)));
      }
    }
    long started = System.nanoTime();
    while (System.nanoTime() < deadline) {
      Thread.sleep(1000);
      long s = Duration.ofNanos(System.nanoTime() - started).toSeconds();
      Client bot = clients.get(3);
      System.out.printf("  t=%2ds  scraper: %6d sent, %5d allowed, %6d throttled%n",
          s, bot.sent.get(), bot.ok.get(), bot.throttled.get());
    }
    for (Thread t : threads) {
      t.join(10_000);
    }

    System.out.println();
    String fmt = "%-18s %-15s %8s %9s %10s %12s %8s %7s%n";
    System.out.printf(fmt, "client", "address", "sent", "allowed", "throttled", "Retry-After", "blocked", "other");
    System.out.printf(fmt, "-".repeat(18), "-".repeat(15), "-".repeat(8), "-".repeat(9), "-".repeat(10), "-".repeat(12),
        "-".repeat(8), "-".repeat(7));
    for (Client c : clients) {
      String retry = c.retryAfter.get() == null ? "-" : c.retryAfter.get() + " s";
      System.out.printf(fmt, c.name, c.address, c.sent.get(), c.ok.get(), c.throttled.get(), retry, c.blocked.get(),
          c.other.get());
    }
    System.out.println("(allowed = 2xx/401 from the app; throttled = 429 from Vigil; blocked = 403 from Vigil;"
        + " other = errors/unexpected statuses)");

    boolean politeUntouched = clients.subList(0, 3).stream()
        .allMatch(c -> c.throttled.get() == 0 && c.blocked.get() == 0 && c.ok.get() > 0);
    Client bot = clients.get(3);
    Client denied = clients.get(4);
    boolean deniedBlocked = denied.blocked.get() > 0 && denied.ok.get() == 0;
    boolean scraperThrottled = bot.throttled.get() > 0 && bot.ok.get() < bot.sent.get();
    System.out.println();
    System.out.println((politeUntouched ? "OK  " : "FAIL") + " polite clients were never throttled");
    System.out.printf(Locale.ROOT, "%s the scraper was throttled: %d of %d requests got 429 (%.1f%%), %d reached the app%n",
        scraperThrottled ? "OK  " : "FAIL", bot.throttled.get(), bot.sent.get(),
        bot.sent.get() == 0 ? 0.0 : 100.0 * bot.throttled.get() / bot.sent.get(), bot.ok.get());
    System.out.printf("%s the client from the denied network got 403 every time (%d of %d)%n",
        deniedBlocked ? "OK  " : "FAIL", denied.blocked.get(), denied.sent.get());
    for (Client c : clients) {
      if (c.lastError.get() != null) {
        System.out.println("note: " + c.name + " saw errors, last: " + c.lastError.get());
      }
    }
    System.exit(politeUntouched && scraperThrottled && deniedBlocked ? 0 : 1);
  }

  /** A polite client: a product page every ~500 ms, and a login now and then. */
  private static void browse(HttpClient http, String base, Client c, long deadline) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    boolean loggedIn = false;
    while (System.nanoTime() < deadline) {
      if (!loggedIn && c.name.startsWith("alice")) { // a successful login, which no limit should hinder
        HttpRequest login = HttpRequest.newBuilder(URI.create(base + "/login"))
            .timeout(Duration.ofSeconds(5))
            .header("X-Forwarded-For", c.address)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("user=alice&password=wonderland"))
            .build();
        send(http, login, c);
        loggedIn = true;
      } else {
        send(http, get(base + "/api/products/" + random.nextInt(1, 500), c), c);
      }
      sleepUntilOr(deadline, 350 + random.nextInt(300));
    }
  }

  /** The scraper: walks the catalogue /api/products/1, 2, 3, ... as fast as the server answers. */
  private static void scrape(HttpClient http, String base, Client c, AtomicInteger nextId, long deadline) {
    for (int i = 0; i < SCRAPER_MAX_REQUESTS_PER_WORKER && System.nanoTime() < deadline; i++) {
      send(http, get(base + "/api/products/" + nextId.getAndIncrement(), c), c);
    }
  }

  private static HttpRequest get(String url, Client c) {
    return HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(5))
        .header("X-Forwarded-For", c.address)
        .header("User-Agent", c.scraper ? "python-requests/2.31" : "Mozilla/5.0 (demo)")
        .GET()
        .build();
  }

  private static void send(HttpClient http, HttpRequest request, Client c) {
    c.sent.incrementAndGet();
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      int status = response.statusCode();
      if (status == 429) {
        c.throttled.incrementAndGet();
        response.headers().firstValue("Retry-After").ifPresent(v -> c.retryAfter.compareAndSet(null, v));
      } else if (status == 403) {
        c.blocked.incrementAndGet();
      } else if (status / 100 == 2 || status == 401) {
        c.ok.incrementAndGet();
      } else {
        c.other.incrementAndGet();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      c.other.incrementAndGet();
      c.lastError.set(e.toString());
    }
  }

  private static void sleepUntilOr(long deadline, long millis) {
    long left = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
    try {
      Thread.sleep(Math.max(0, Math.min(left, millis)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Thread start(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  static final class Client {
    final String name;
    final String address;
    final boolean scraper;
    final AtomicLong sent = new AtomicLong();
    final AtomicLong ok = new AtomicLong();
    final AtomicLong throttled = new AtomicLong();
    final AtomicLong blocked = new AtomicLong();
    final AtomicLong other = new AtomicLong();
    final AtomicReference<String> retryAfter = new AtomicReference<>();
    final AtomicReference<String> lastError = new AtomicReference<>();

    Client(String name, String address, boolean scraper) {
      this.name = name;
      this.address = address;
      this.scraper = scraper;
    }
  }
}
