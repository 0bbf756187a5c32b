package dev.vigil.instrumentation.httpserver;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import dev.vigil.bootstrap.HeaderLines;
import dev.vigil.bootstrap.RequestContext;
import dev.vigil.bootstrap.RequestReader;
import dev.vigil.bootstrap.VigilHooks;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Everything Vigil reads off a JDK {@code HttpExchange}. Injected beside the advice into the loader of
 * {@code jdk.httpserver}, so it may use only JDK and bootstrap types.
 */
public final class JdkHttpServerReader implements RequestReader {
  /** The module's name (a constant, so this class, injected into the JDK's loader, never loads the module). */
  public static final String SERVER = JdkHttpServerModule.NAME;
  private static final JdkHttpServerReader INSTANCE = new JdkHttpServerReader();

  private JdkHttpServerReader() {}

  /** The exchange's context at its outermost chain. */
  public static RequestContext read(HttpExchange exchange) {
    InetSocketAddress remote = exchange.getRemoteAddress();
    InetAddress address = remote == null ? null : remote.getAddress();
    Headers headers = exchange.getRequestHeaders();
    String apiKeyHeader = VigilHooks.apiKeyHeader();
    return new RequestContext(
        SERVER,
        exchange.getRequestMethod(),
        exchange.getRequestURI().getRawPath(),
        address == null ? null : address.getHostAddress(),
        HeaderLines.join(headers.get(VigilHooks.clientIpHeader())),
        apiKeyHeader == null ? null : headers.getFirst(apiKeyHeader),
        null, // the principal: asked through principal() when the engine needs it
        headers.getFirst("User-Agent"),
        INSTANCE,
        exchange);
  }

  @Override
  public String principal(Object request) {
    HttpPrincipal principal = ((HttpExchange) request).getPrincipal();
    return principal == null ? null : principal.getUsername();
  }

  @Override
  public String header(Object request, String name) {
    return HeaderLines.join(((HttpExchange) request).getRequestHeaders().get(name));
  }

  /** The exchange's headers keep no order: their names as its map gives them. */
  @Override
  public String headerNames(Object request) {
    return HeaderLines.names(java.util.Collections.enumeration(((HttpExchange) request).getRequestHeaders().keySet()));
  }

  @Override
  public String query(Object request) {
    return ((HttpExchange) request).getRequestURI().getRawQuery();
  }

  @Override
  public String protocol(Object request) {
    return ((HttpExchange) request).getProtocol();
  }

  /** None: the exchange offers only the raw body, and reading it would take it from the app. */
  @Override
  public String formParameter(Object request, String name) {
    return null;
  }

  /** The fixed length the handler gave {@code sendResponseHeaders}; -1 for a chunked answer. */
  @Override
  public long responseBytes(Object request, Object response) {
    String length = ((HttpExchange) response).getResponseHeaders().getFirst("Content-length");
    try {
      return length == null ? -1 : Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public boolean addResponseHeader(Object request, Object response, String name, String value) {
    HttpExchange exchange = (HttpExchange) response;
    if (exchange.getResponseCode() != -1) {
      return false; // the headers are sent
    }
    exchange.getResponseHeaders().add(name, value);
    return true;
  }
}
