package dev.vigil.instrumentation.httpserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.vigil.bootstrap.RequestContext;
import dev.vigil.bootstrap.VigilHooks;
import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The JDK reader against a real exchange: what the engine gets to see, and what it must not take. */
class JdkHttpServerReaderTest {
  private final AtomicReference<RequestContext> seen = new AtomicReference<>();
  private final AtomicReference<String> traceparent = new AtomicReference<>();
  private final AtomicReference<String> form = new AtomicReference<>();
  private final AtomicReference<String> bodyLeftForTheApp = new AtomicReference<>();
  private final AtomicReference<String> query = new AtomicReference<>();
  private final AtomicReference<Long> size = new AtomicReference<>();
  private final AtomicReference<Boolean> addedAfterSending = new AtomicReference<>();

  @AfterEach
  void uninstall() {
    VigilHooks.uninstall();
  }

  @Test
  void readsTheRequestOnceAndHeadersWithAllTheirLinesButNeverTheBody() throws IOException {
    VigilHooks.install(null, "X-Api-Key", "X-Forwarded-For");
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      RequestContext request = JdkHttpServerReader.read(exchange);
      seen.set(request);
      traceparent.set(request.header("traceparent"));
      form.set(request.formParameter("user"));
      bodyLeftForTheApp.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      query.set(request.query());
      assertThat(request.addResponseHeader("X-Added", "yes")).isTrue();
      exchange.sendResponseHeaders(200, 5);
      size.set(request.responseBytes());
      addedAfterSending.set(request.addResponseHeader("X-Late", "no"));
      exchange.getResponseBody().write("hello".getBytes(StandardCharsets.UTF_8));
      exchange.close();
    });
    server.start();
    try {
      HttpURLConnection connection =
          (HttpURLConnection) new URL("http://127.0.0.1:" + server.getAddress().getPort() + "/login;x=1?q=2").openConnection();
      connection.setRequestMethod("POST");
      connection.setDoOutput(true);
      connection.addRequestProperty("X-Forwarded-For", "203.0.113.1");
      connection.addRequestProperty("X-Forwarded-For", "198.51.100.2");
      connection.setRequestProperty("X-Api-Key", "k-1");
      connection.setRequestProperty("User-Agent", "probe/1");
      connection.setRequestProperty("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
      try (OutputStream out = connection.getOutputStream()) {
        out.write("user=alice".getBytes(StandardCharsets.UTF_8));
      }
      assertThat(connection.getResponseCode()).isEqualTo(200);
      assertThat(connection.getHeaderField("X-Added")).as("a header added before the answer was sent").isEqualTo("yes");
      assertThat(connection.getHeaderField("X-Late")).isNull();
    } finally {
      server.stop(0);
    }
    RequestContext request = seen.get();
    assertThat(request.server).isEqualTo("jdk-httpserver");
    assertThat(request.method).isEqualTo("POST");
    assertThat(request.path).isEqualTo("/login;x=1");
    assertThat(request.peerAddress).isEqualTo("127.0.0.1");
    assertThat(request.forwardedFor).isEqualTo("203.0.113.1, 198.51.100.2");
    assertThat(request.apiKey).isEqualTo("k-1");
    assertThat(request.userAgent).isEqualTo("probe/1");
    assertThat(traceparent.get()).isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    assertThat(form.get()).as("no form without consuming the body").isNull();
    assertThat(bodyLeftForTheApp.get()).isEqualTo("user=alice");
    assertThat(query.get()).isEqualTo("q=2");
    assertThat(size.get()).as("the fixed length the handler gave").isEqualTo(5);
    assertThat(addedAfterSending.get()).as("nothing is added once the headers are sent").isFalse();
  }
}
