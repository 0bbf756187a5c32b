package dev.vigil.agent.telemetry.export.http;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.Compressor;
import io.opentelemetry.sdk.common.export.HttpResponse;
import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.HttpSenderConfig;
import io.opentelemetry.sdk.common.export.MessageWriter;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLException;

/**
 * One OTLP/HTTP exporter's sender over a {@link HttpClient} it shares with the others. Unlike the
 * SDK's JDK sender, which hands every request to a pool of its own, it sends on the caller's
 * thread ({@code vigil-telemetry}, which exports every batch) and calls back before it returns, so
 * an export starts no thread. Otherwise it does what that sender does: the retry policy with
 * jittered backoff and {@code Retry-After}, all attempts within the export timeout, request
 * compression, a gzip response, and the response body limit.
 */
final class BlockingHttpSender implements HttpSender {
  private final HttpClient client;
  private final HttpSenderConfig config;

  BlockingHttpSender(HttpClient client, HttpSenderConfig config) {
    this.client = client;
    this.config = config;
  }

  @Override
  public void send(MessageWriter message, Consumer<HttpResponse> onResponse, Consumer<Throwable> onError) {
    HttpResponse response;
    try {
      response = sendWithRetries(body(message));
    } catch (IOException | RuntimeException e) {
      onError.accept(e);
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // shutting down: the batch is lost, and counted as such
      onError.accept(e);
      return;
    }
    onResponse.accept(response);
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess(); // the client is shared; it has no thread of its own to stop but its selector
  }

  private byte[] body(MessageWriter message) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(32, message.getContentLength()));
    Compressor compressor = config.getCompressor();
    if (compressor == null) {
      message.writeMessage(bytes);
    } else {
      try (OutputStream compressed = compressor.compress(bytes)) {
        message.writeMessage(compressed);
      }
    }
    return bytes.toByteArray();
  }

  private HttpResponse sendWithRetries(byte[] body) throws IOException, InterruptedException {
    long start = System.nanoTime();
    long timeout = config.getTimeout().toNanos();
    RetryPolicy retry = config.getRetryPolicy();
    int attempts = retry == null ? 1 : retry.getMaxAttempts();
    long backoff = retry == null ? 0 : retry.getInitialBackoff().toNanos();
    OptionalLong asked = OptionalLong.empty();
    for (int attempt = 1; ; attempt++) {
      long left = timeout - (System.nanoTime() - start);
      HttpResponse response = null;
      IOException failure = null;
      try {
        java.net.http.HttpResponse<InputStream> raw = client.send(request(body, Math.max(1, left)), BodyHandlers.ofInputStream());
        response = read(raw);
        if (!RetryableAnswer.retryable(raw.statusCode())) {
          return response;
        }
        asked = RetryableAnswer.retryAfterNanos(raw.headers().firstValue("Retry-After").orElse(null), java.time.Instant.now());
      } catch (IOException e) {
        if (attempt >= attempts || !retryable(e, retry)) {
          throw e;
        }
        failure = e;
      }
      long capped = Math.min(backoff, retry == null ? 0 : retry.getMaxBackoff().toNanos());
      long pause = asked.orElse((long) (ThreadLocalRandom.current().nextDouble(0.8, 1.2) * capped));
      left = timeout - (System.nanoTime() - start);
      if (attempt >= attempts || left <= pause) {
        if (response != null) {
          return response; // the last retryable answer: the exporter reports its status
        }
        throw failure;
      }
      TimeUnit.NANOSECONDS.sleep(pause);
      backoff = (long) (capped * retry.getBackoffMultiplier());
      asked = OptionalLong.empty();
    }
  }

  private static boolean retryable(IOException e, RetryPolicy retry) {
    if (retry != null && retry.getRetryExceptionPredicate() != null) {
      return retry.getRetryExceptionPredicate().test(e);
    }
    return !(e instanceof SSLException) && !(e instanceof Unusable); // transient, unless a retry cannot help
  }

  private HttpRequest request(byte[] body, long timeoutNanos) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(config.getEndpoint()).timeout(java.time.Duration.ofNanos(timeoutNanos))
            .header("Content-Type", config.getContentType())
            .header("Accept-Encoding", "gzip, identity")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (config.getCompressor() != null) {
      request.header("Content-Encoding", config.getCompressor().getEncoding());
    }
    config.getHeadersSupplier().get().forEach((name, values) -> values.forEach(value -> request.header(name, value)));
    return request.build();
  }

  private HttpResponse read(java.net.http.HttpResponse<InputStream> raw) throws IOException {
    long limit = config.getMaxResponseBodySize();
    String encoding = raw.headers().firstValue("Content-Encoding").orElse("identity");
    try (InputStream in = "gzip".equalsIgnoreCase(encoding) ? new GZIPInputStream(raw.body()) : raw.body()) {
      if (!"gzip".equalsIgnoreCase(encoding) && !"identity".equalsIgnoreCase(encoding)) {
        throw new Unusable("unsupported Content-Encoding: " + encoding);
      }
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
      if (bytes.length > limit) {
        throw new Unusable("HTTP response body exceeded limit of " + limit + " bytes");
      }
      return new Response(raw.statusCode(), bytes);
    }
  }

  /** A response no retry can fix: too large, or in an encoding not understood. */
  private static final class Unusable extends IOException {
    Unusable(String message) {
      super(message);
    }
  }

  private static final class Response implements HttpResponse {
    private final int status;
    private final byte[] body;

    Response(int status, byte[] body) {
      this.status = status;
      this.body = body;
    }

    @Override
    public int getStatusCode() {
      return status;
    }

    @Override
    public String getStatusMessage() {
      return String.valueOf(status);
    }

    @Override
    public byte[] getResponseBody() {
      return body;
    }
  }
}
