package dev.vigil.agent.telemetry.export.http;

import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.HttpSenderConfig;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * Builds every OTLP/HTTP exporter's sender on one JDK {@link HttpClient}: a client costs a selector
 * thread for as long as it lives, and the SDK's own provider builds one per exporter (three, plus
 * a worker pool each). The client runs its internal tasks on the thread that needs them (its
 * selector, or the exporting thread) instead of a pool. Exporters whose connection settings
 * differ (a TLS context of their own, a proxy, another connect timeout) get a client of their own.
 */
public final class SharedHttpClientSenders implements HttpSenderProvider {
  private static final Executor ON_CALLING_THREAD = Runnable::run;

  private final List<Shared> clients = new ArrayList<>();

  @Override
  public synchronized HttpSender createSender(HttpSenderConfig config) {
    for (Shared shared : clients) {
      if (shared.serves(config)) {
        return new BlockingHttpSender(shared.client, config);
      }
    }
    Shared shared = new Shared(config, build(config));
    clients.add(shared);
    return new BlockingHttpSender(shared.client, config);
  }

  /** How many clients (and so selector threads) the senders built so far use. */
  synchronized int clients() {
    return clients.size();
  }

  private static HttpClient build(HttpSenderConfig config) {
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(config.getConnectTimeout()).executor(ON_CALLING_THREAD);
    if (config.getSslContext() != null) {
      builder.sslContext(config.getSslContext());
    }
    if (config.getProxyOptions() != null) {
      builder.proxy(config.getProxyOptions().getProxySelector());
    }
    List<String> protocols = config.getEnabledProtocols();
    if (protocols != null && !protocols.isEmpty()) {
      SSLParameters parameters = new SSLParameters();
      parameters.setProtocols(protocols.toArray(new String[0]));
      builder.sslParameters(parameters);
    }
    return builder.build();
  }

  /** A client and the connection settings it was built with. */
  private static final class Shared {
    private final Duration connectTimeout;
    private final SSLContext sslContext;
    private final Object proxy;
    private final List<String> protocols;
    private final HttpClient client;

    Shared(HttpSenderConfig config, HttpClient client) {
      this.connectTimeout = config.getConnectTimeout();
      this.sslContext = config.getSslContext();
      this.proxy = config.getProxyOptions();
      this.protocols = config.getEnabledProtocols();
      this.client = client;
    }

    /** The same settings: no TLS context and no proxy of its own (each exporter builds its own objects for those). */
    boolean serves(HttpSenderConfig config) {
      return sslContext == null && proxy == null && config.getSslContext() == null && config.getProxyOptions() == null
          && connectTimeout.equals(config.getConnectTimeout()) && Objects.equals(protocols, config.getEnabledProtocols());
    }
  }
}
