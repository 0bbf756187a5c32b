import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A tiny "shop" API for the Vigil demo: JDK built-in HTTP server, zero dependencies, no Vigil code.
 * Vigil protects it from the outside:
 *
 * <pre>
 *   javac -d /tmp/demo integration-tests/demo/DemoService.java
 *   java -javaagent:agent/target/vigil-agent.jar=config=integration-tests/demo/vigil-demo.yaml \
 *        -cp /tmp/demo DemoService 8080
 * </pre>
 *
 * (Compiled first: the agent deliberately skips JVMs whose main class is a JDK tool, and the
 * single-file source launcher's main class is {@code com.sun.tools.javac.launcher.Main}.)
 *
 * Endpoints: {@code GET /api/products/{id}} (JSON), {@code POST /login} (form: user, password; the
 * only good pair is alice/wonderland), {@code GET /health}. Binds to loopback only. Port 0 picks a
 * free port; the chosen one is printed as {@code LISTENING <port>}. With {@code -Ddemo.parentPid=N}
 * it exits when process N does (so a killed demo script leaves nothing behind).
 */
public final class DemoService {
  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
    exitWithParent();
    // without TCP_NODELAY, headers and body leave in two segments and delayed ACKs cap a keep-alive
    // connection at ~25 requests/s
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
    server.createContext("/api/products/", DemoService::product);
    server.createContext("/login", DemoService::login);
    server.createContext("/health", exchange -> send(exchange, 200, "text/plain", "ok\n"));
    server.createContext("/", exchange -> send(exchange, 404, "text/plain", "not found\n"));
    ExecutorService workers = Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, "demo-worker");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(workers);
    server.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0), "demo-stop"));

    int actual = server.getAddress().getPort();
    System.out.println("DemoService listening on http://127.0.0.1:" + actual + "/");
    System.out.println("LISTENING " + actual);
    System.out.flush();
  }

  private static void product(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String id = path.substring("/api/products/".length());
    if (!"GET".equals(exchange.getRequestMethod())) {
      send(exchange, 405, "text/plain", "method not allowed\n");
    } else if (!id.matches("[0-9]{1,9}")) {
      send(exchange, 404, "application/json", "{\"error\":\"no such product\"}\n");
    } else {
      long n = Long.parseLong(id);
      String body = "{\"id\":" + n + ",\"name\":\"Product " + n + "\",\"price\":" + (5 + n % 95) + ".99"
          + ",\"stock\":" + (n * 7919 % 120) + "}\n";
      send(exchange, 200, "application/json", body);
    }
  }

  private static void login(HttpExchange exchange) throws IOException {
    if (!"POST".equals(exchange.getRequestMethod())) {
      send(exchange, 405, "text/plain", "method not allowed\n");
      return;
    }
    Map<String, String> form = parseForm(exchange.getRequestBody());
    boolean ok = "alice".equals(form.get("user")) && "wonderland".equals(form.get("password"));
    if (ok) {
      send(exchange, 200, "application/json", "{\"welcome\":\"alice\"}\n");
    } else {
      send(exchange, 401, "application/json", "{\"error\":\"bad credentials\"}\n");
    }
  }

  private static Map<String, String> parseForm(InputStream in) throws IOException {
    byte[] raw = in.readNBytes(4096);
    Map<String, String> form = new HashMap<>();
    for (String pair : new String(raw, StandardCharsets.UTF_8).split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return form;
  }

  private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", type);
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private static void exitWithParent() {
    String parent = System.getProperty("demo.parentPid");
    if (parent == null || parent.isEmpty()) {
      return;
    }
    ProcessHandle.of(Long.parseLong(parent)).ifPresentOrElse(
        handle -> handle.onExit().thenRun(() -> System.exit(0)),
        () -> System.exit(0));
  }
}
