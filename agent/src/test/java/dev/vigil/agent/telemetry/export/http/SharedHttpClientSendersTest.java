package dev.vigil.agent.telemetry.export.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.sdk.common.export.Compressor;
import io.opentelemetry.sdk.common.export.HttpResponse;
import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.HttpSenderConfig;
import io.opentelemetry.sdk.common.export.MessageWriter;
import io.opentelemetry.sdk.common.export.ProxyOptions;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SharedHttpClientSendersTest {
  private final ConcurrentLinkedQueue<String> requests = new ConcurrentLinkedQueue<>();
  private final AtomicInteger unavailable = new AtomicInteger();
  private HttpServer backend;

  @BeforeEach
  void start() throws Exception {
    backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    backend.createContext("/", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      requests.add(exchange.getRequestURI().getPath() + " " + body.length + " " + exchange.getRequestHeaders().getFirst("Content-Encoding")
          + " " + exchange.getRequestHeaders().getFirst("Authorization"));
      if (unavailable.getAndDecrement() > 0) {
        exchange.getResponseHeaders().set("Retry-After", "0");
        exchange.sendResponseHeaders(503, -1);
      } else {
        exchange.sendResponseHeaders(200, 2);
        exchange.getResponseBody().write("ok".getBytes(StandardCharsets.UTF_8));
      }
      exchange.close();
    });
    backend.start();
  }

  @AfterEach
  void stop() {
    backend.stop(0);
  }

  @Test
  void everyExporterSendsOnOneClientFromTheCallingThread() {
    SharedHttpClientSenders senders = new SharedHttpClientSenders();
    long selectorsBefore = selectorThreads();
    List<HttpSender> three = List.of(sender(senders, "/v1/traces", null), sender(senders, "/v1/metrics", null), sender(senders, "/v1/logs", null));
    AtomicReference<String> answeredOn = new AtomicReference<>();
    for (HttpSender sender : three) {
      sender.send(message("payload"), response -> answeredOn.set(Thread.currentThread().getName() + " " + response.getStatusCode()),
          error -> answeredOn.set("failed: " + error));
      assertThat(answeredOn.get()).as("answered before send returns, on the caller's thread").isEqualTo(Thread.currentThread().getName() + " 200");
    }
    assertThat(senders.clients()).isEqualTo(1);
    assertThat(selectorThreads() - selectorsBefore).as("one HttpClient selector for all three").isEqualTo(1);
    assertThat(requests).containsExactly("/v1/traces 7 null Bearer t", "/v1/metrics 7 null Bearer t", "/v1/logs 7 null Bearer t");
  }

  @Test
  void aRetryableAnswerIsRetriedWithinTheTimeoutAndCompressionIsApplied() {
    unavailable.set(2);
    AtomicReference<HttpResponse> answer = new AtomicReference<>();
    sender(new SharedHttpClientSenders(), "/v1/traces", gzip()).send(message("payload"), answer::set, error -> {});
    assertThat(answer.get().getStatusCode()).isEqualTo(200);
    assertThat(requests).hasSize(3).allSatisfy(r -> assertThat(r).contains(" gzip "));
  }

  @Test
  void aDeadBackendFailsTheExportWithoutAThread() {
    backend.stop(0);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    sender(new SharedHttpClientSenders(), "/v1/traces", null).send(message("payload"), response -> {}, failure::set);
    assertThat(failure.get()).isInstanceOf(java.io.IOException.class);
  }

  private static long selectorThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().contains("SelectorManager")).count();
  }

  private HttpSender sender(SharedHttpClientSenders senders, String path, Compressor compressor) {
    URI endpoint = URI.create("http://127.0.0.1:" + backend.getAddress().getPort() + path);
    RetryPolicy retry = RetryPolicy.builder().setInitialBackoff(Duration.ofMillis(10)).build();
    return senders.createSender(new Config(endpoint, compressor, retry));
  }

  private static MessageWriter message(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return new MessageWriter() {
      @Override
      public void writeMessage(OutputStream output) throws java.io.IOException {
        output.write(bytes);
      }

      @Override
      public int getContentLength() {
        return bytes.length;
      }
    };
  }

  private static Compressor gzip() {
    return new Compressor() {
      @Override
      public String getEncoding() {
        return "gzip";
      }

      @Override
      public OutputStream compress(OutputStream outputStream) throws java.io.IOException {
        return new GZIPOutputStream(outputStream);
      }
    };
  }

  private static final class Config implements HttpSenderConfig {
    private final URI endpoint;
    private final Compressor compressor;
    private final RetryPolicy retry;

    Config(URI endpoint, Compressor compressor, RetryPolicy retry) {
      this.endpoint = endpoint;
      this.compressor = compressor;
      this.retry = retry;
    }

    @Override public URI getEndpoint() { return endpoint; }
    @Override public String getContentType() { return "application/x-protobuf"; }
    @Override public Compressor getCompressor() { return compressor; }
    @Override public Duration getTimeout() { return Duration.ofSeconds(5); }
    @Override public Duration getConnectTimeout() { return Duration.ofSeconds(2); }
    @Override public Supplier<Map<String, List<String>>> getHeadersSupplier() { return () -> Map.of("Authorization", List.of("Bearer t")); }
    @Override public ProxyOptions getProxyOptions() { return null; }
    @Override public RetryPolicy getRetryPolicy() { return retry; }
    @Override public SSLContext getSslContext() { return null; }
    @Override public X509TrustManager getTrustManager() { return null; }
    @Override public java.util.concurrent.ExecutorService getExecutorService() { return null; }
  }
}
