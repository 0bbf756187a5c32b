package dev.vigil.agent.telemetry.export;

import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import java.util.List;

/**
 * The agent's services as the SDK loads them, except the HTTP sender: two ship inside the agent (the
 * JDK HttpClient one, and OkHttp, which OTLP/gRPC needs: the JDK client cannot speak HTTP/2
 * without TLS), and neither is asked for OTLP/HTTP; every OTLP/HTTP exporter gets its sender from
 * the one {@code senders} given, so OkHttp (and Kotlin) only load when gRPC is configured.
 */
final class OneHttpSender implements ComponentLoader {
  private final ComponentLoader services;
  private final HttpSenderProvider senders;

  OneHttpSender(ComponentLoader services, HttpSenderProvider senders) {
    this.services = services;
    this.senders = senders;
  }

  @Override
  public <T> Iterable<T> load(Class<T> type) {
    if (type == HttpSenderProvider.class) {
      return List.of(type.cast(senders));
    }
    return services.load(type);
  }
}
