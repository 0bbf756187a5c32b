package dev.vigil.agent.telemetry.trace;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RequestHeadersTest {
  /** Shaped like a servlet request: a public interface declares getHeader, the class is private. */
  public interface HeaderSource {
    String getHeader(String name);
  }

  private static final class HiddenRequest implements HeaderSource {
    private final Map<String, String> headers;

    HiddenRequest(Map<String, String> headers) {
      this.headers = headers;
    }

    @Override
    public String getHeader(String name) {
      return headers.get(name);
    }
  }

  @Test
  void readsAHeaderThroughThePublicInterfaceOfANonPublicRequestClass() {
    Object request = new HiddenRequest(Map.of("traceparent", "00-abc"));
    assertThat(RequestHeaders.get(request, "traceparent")).isEqualTo("00-abc");
    assertThat(RequestHeaders.get(request, "other")).isNull();
  }

  @Test
  void readsAHeaderOffARealJdkHttpExchange() throws IOException, InterruptedException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    AtomicReference<String> seen = new AtomicReference<>();
    server.createContext("/", exchange -> {
      seen.set(RequestHeaders.get(exchange, "traceparent"));
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    server.start();
    try {
      HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/")).header("traceparent", "00-xyz").build(),
          HttpResponse.BodyHandlers.discarding());
    } finally {
      server.stop(0);
    }
    assertThat(seen.get()).isEqualTo("00-xyz");
  }

  @Test
  void anUnknownOrMissingRequestReadsAsNoHeader() {
    assertThat(RequestHeaders.get(null, "traceparent")).isNull();
    assertThat(RequestHeaders.get("not a request", "traceparent")).isNull();
  }
}
