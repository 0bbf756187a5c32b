import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The threads a JDK HttpServer app has once it has served requests and, with the agent, once
 * Vigil's SDK has exported every signal to a real OTLP/HTTP receiver. The receiver (a second
 * HttpServer on -Dprobe.otlpPort) runs in both runs, so only what the agent adds differs. Requests
 * go over plain sockets: no client threads of the probe's own. Prints "exports=..." and one
 * "thread=NAME" line per live thread.
 */
public class ThreadProbe {
  public static void main(String[] args) throws Exception {
    Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
    HttpServer otlp = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.getInteger("probe.otlpPort")), 0);
    otlp.createContext("/", exchange -> {
      try (InputStream body = exchange.getRequestBody()) {
        body.readAllBytes();
      }
      received.computeIfAbsent(exchange.getRequestURI().getPath(), k -> new AtomicInteger()).incrementAndGet();
      exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    otlp.start();
    AtomicInteger workers = new AtomicInteger();
    HttpServer app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    app.createContext("/", exchange -> {
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    app.setExecutor(Executors.newFixedThreadPool(2, task -> new Thread(task, "app-worker-" + workers.incrementAndGet())));
    app.start();
    for (int i = 0; i < 6; i++) {
      get(app.getAddress().getPort(), i % 3 == 0 ? "203.0.113.9" : "198.51.100.7"); // the first is on the deny list
    }
    long deadline = System.currentTimeMillis() + Long.getLong("probe.waitMillis", 20_000);
    List<String> signals = List.of("/v1/traces", "/v1/logs", "/v1/metrics");
    while (System.currentTimeMillis() < deadline && !signals.stream().allMatch(received::containsKey)) {
      Thread.sleep(100);
    }
    Thread.sleep(Long.getLong("probe.settleMillis", 2_000)); // a second metric export, and whatever it starts
    System.out.println("exports=" + received);
    for (String name : Thread.getAllStackTraces().keySet().stream().map(Thread::getName).sorted().collect(Collectors.toList())) {
      System.out.println("thread=" + name);
    }
    System.exit(0);
  }

  private static void get(int port, String forwardedFor) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      out.write(("GET /hello HTTP/1.1\r\nHost: probe\r\nX-Forwarded-For: " + forwardedFor + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      socket.getInputStream().readAllBytes();
    }
  }
}
