package dev.vigil.instrumentation.httpserver;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import dev.vigil.bootstrap.AwaitedPrincipal;
import dev.vigil.bootstrap.CallDepth;
import dev.vigil.bootstrap.Decision;
import dev.vigil.bootstrap.HeaderLines;
import dev.vigil.bootstrap.RequestFacts;
import dev.vigil.bootstrap.VigilHooks;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code com.sun.net.httpserver.Filter.Chain.doFilter}. A blocking decision sends the
 * response and closes the exchange; the chain (and so the app's handler) is skipped.
 */
public final class JdkHttpServerAdvice {
  private JdkHttpServerAdvice() {}

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
  public static boolean enter(@Advice.Argument(0) HttpExchange exchange, @Advice.Local("vigilFacts") RequestFacts allowed)
      throws Exception {
    RequestFacts facts;
    Decision decision;
    if (CallDepth.serverEntry().enter() != 1) {
      // an inner chain, past the context's Authenticator: user-keyed rules parked at the outermost
      // entry wait for the principal it sets
      facts = AwaitedPrincipal.current();
      HttpPrincipal principal = facts == null ? null : exchange.getPrincipal();
      if (principal == null) {
        return false;
      }
      decision = VigilHooks.onPrincipal(facts, principal.getUsername());
      if (!decision.blocks()) {
        return false;
      }
    } else {
      InetSocketAddress remote = exchange.getRemoteAddress();
      InetAddress address = remote == null ? null : remote.getAddress();
      Headers headers = exchange.getRequestHeaders();
      String apiKeyHeader = VigilHooks.apiKeyHeader();
      HttpPrincipal principal = exchange.getPrincipal();
      facts =
          new RequestFacts(
              "jdk-httpserver",
              exchange.getRequestMethod(),
              exchange.getRequestURI().getRawPath(),
              address == null ? null : address.getHostAddress(),
              HeaderLines.join(headers.get(VigilHooks.clientIpHeader())),
              apiKeyHeader == null ? null : headers.getFirst(apiKeyHeader),
              principal == null ? null : principal.getUsername(),
              headers.getFirst("User-Agent"),
              exchange);
      decision = VigilHooks.onRequest(facts);
      if (!decision.blocks()) {
        allowed = facts;
        return false;
      }
    }
    if (exchange.getResponseCode() != -1) {
      VigilHooks.onBlockFailed(facts, decision);
      return false;
    }
    Headers out = exchange.getResponseHeaders();
    if (decision.retryAfterSeconds() >= 0) {
      out.set("Retry-After", Long.toString(decision.retryAfterSeconds()));
    }
    out.set("Content-Type", "text/plain;charset=UTF-8");
    Headers in = exchange.getRequestHeaders();
    String length = in.getFirst("Content-Length");
    if ((length != null && !"0".equals(length.trim())) || in.getFirst("Transfer-Encoding") != null) {
      // the refused request's body is never read: say the connection ends (the server closes it)
      out.set("Connection", "close");
    }
    byte[] body = decision.body();
    // a HEAD response has no body: the exchange closes its stream and would refuse the bytes
    boolean head = "HEAD".equals(facts.method);
    exchange.sendResponseHeaders(decision.status(), head ? -1 : body.length);
    if (!head) {
      OutputStream stream = exchange.getResponseBody();
      stream.write(body);
      stream.close();
    }
    exchange.close();
    return true;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Argument(0) HttpExchange exchange, @Advice.Local("vigilFacts") RequestFacts allowed) {
    CallDepth.serverEntry().exit();
    if (allowed != null) {
      VigilHooks.onResponse(allowed, exchange.getResponseCode(), exchange.getResponseHeaders().getFirst("Location"));
    }
  }
}
