package dev.vigil.benchmarks.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The tool's reason to exist: a server that stalls is charged for every request it held up, not just one. */
class LoadConnectionTest {
  static {
    // read once, when the JDK's server classes load: without it Nagle and delayed ACKs hold each response ~40 ms
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  @Test
  void aStallIsChargedToEveryRequestScheduledDuringIt() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    AtomicInteger served = new AtomicInteger();
    ConcurrentHashMap<String, Boolean> callers = new ConcurrentHashMap<>();
    server.createContext("/", exchange -> {
      callers.put(exchange.getRequestHeaders().getFirst("X-Forwarded-For"), true);
      if (served.incrementAndGet() == 100) {
        try {
          Thread.sleep(300); // one stall of 300 ms: 60 requests at 200/s should have gone out meanwhile
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      exchange.sendResponseHeaders(200, 2);
      exchange.getResponseBody().write("ok".getBytes());
      exchange.close();
    });
    server.start();
    try {
      int rate = 200;
      RequestSchedule schedule = new RequestSchedule(System.nanoTime() + 50_000_000L, rate, 1);
      long warmup = schedule.requestsBefore(250_000_000L); // 50 requests
      long total = schedule.requestsBefore(2_250_000_000L); // then 400 measured
      byte[][] requests = FixedRateLoad.requestBytes("/x", "127.0.0.1", new ClientAddressPool(10));
      LoadConnection connection = new LoadConnection(0, new InetSocketAddress("127.0.0.1", server.getAddress().getPort()),
          schedule, requests, warmup, total, 5_000, System.nanoTime() + 30_000_000_000L);
      connection.run();

      assertEquals(0, connection.errors, connection.firstError);
      assertEquals(0, connection.non2xx);
      assertEquals(total - warmup, connection.completed);
      assertEquals(10, callers.size());
      long slowFromIntended = connection.latency.getCountBetweenValues(100_000_000L, Long.MAX_VALUE / 4);
      long slowFromSend = connection.serviceTime.getCountBetweenValues(100_000_000L, Long.MAX_VALUE / 4);
      // requests due in the first 200 ms of the stall waited >= 100 ms: ~40 of them, the stalled one included
      assertTrue(slowFromIntended >= 30, "latency from the intended send time saw " + slowFromIntended + " slow requests");
      // from its actual send only the stalled request itself is slow (a few more on a machine busy enough to stall the test)
      assertTrue(slowFromSend >= 1 && slowFromSend * 4 < slowFromIntended,
          slowFromSend + " slow from the actual send against " + slowFromIntended + " from the intended send time");
      assertTrue(connection.latency.getMaxValue() >= 300_000_000L);
      assertTrue(connection.serviceTime.getValueAtPercentile(50) < 50_000_000L, "a response took ~40 ms: Nagle is on");
    } finally {
      server.stop(0);
    }
  }
}
