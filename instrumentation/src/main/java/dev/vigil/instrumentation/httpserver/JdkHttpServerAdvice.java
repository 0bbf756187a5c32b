package dev.vigil.instrumentation.httpserver;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import dev.vigil.bootstrap.AgentLog;
import dev.vigil.bootstrap.AwaitedPrincipal;
import dev.vigil.bootstrap.CallDepth;
import dev.vigil.bootstrap.Decision;
import dev.vigil.bootstrap.RequestContext;
import dev.vigil.bootstrap.VigilHooks;
import java.io.OutputStream;

/**
 * Called from {@code com.sun.net.httpserver.Filter.Chain.doFilter}. A blocking decision sends the
 * response and closes the exchange; the chain (and so the app's handler) is skipped.
 */
public final class JdkHttpServerAdvice {
  /** The state of an entry that answered the exchange itself: the chain does not run. */
  private static final Object ANSWERED = new Object();

  private JdkHttpServerAdvice() {}

  /**
   * Small enough for the JIT to inline: an inner chain with nothing awaited costs two thread-local
   * reads.
   *
   * @return the allowed exchange's context (the outermost entry), {@link #ANSWERED}, or null
   */
  public static Object enter(Object argument) {
    try {
      boolean outermost = CallDepth.serverEntry().enter() == 1;
      // an inner chain, past the context's Authenticator: user-keyed rules parked at the outermost
      // entry wait for the principal it sets
      RequestContext awaiting = outermost ? null : AwaitedPrincipal.current();
      return !outermost && awaiting == null ? null : decide(awaiting, (HttpExchange) argument);
    } catch (Throwable t) {
      AgentLog.adviceError(t);
      return null;
    }
  }

  /** @param awaiting the context an inner chain finds parked for its principal; null at the outermost entry */
  private static Object decide(RequestContext awaiting, HttpExchange exchange) throws Exception {
    RequestContext request = awaiting;
    Decision decision;
    if (awaiting != null) {
      HttpPrincipal principal = exchange.getPrincipal();
      if (principal == null) {
        return null;
      }
      decision = VigilHooks.onPrincipal(request, principal.getUsername());
      if (!decision.blocks()) {
        return null;
      }
    } else {
      request = JdkHttpServerReader.read(exchange);
      decision = VigilHooks.onRequest(request);
      if (!decision.blocks()) {
        return request;
      }
    }
    return refuse(exchange, request, decision) ? ANSWERED : null;
  }

  private static boolean refuse(HttpExchange exchange, RequestContext request, Decision decision) throws Exception {
    if (exchange.getResponseCode() != -1) {
      VigilHooks.onBlockFailed(request, decision);
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
    boolean head = "HEAD".equals(request.method);
    exchange.sendResponseHeaders(decision.status(), head ? -1 : body.length);
    if (!head) {
      OutputStream stream = exchange.getResponseBody();
      stream.write(body);
      stream.close();
    }
    exchange.close();
    return true;
  }

  public static boolean skips(Object state) {
    return state == ANSWERED;
  }

  public static Object skipped(Object state) {
    CallDepth.serverEntry().exit();
    return null;
  }

  public static void exit(Object returned, Throwable thrown, Object state, Object argument) {
    try {
      CallDepth.serverEntry().exit();
      if (state instanceof RequestContext) {
        respond((RequestContext) state, (HttpExchange) argument);
      }
    } catch (Throwable t) {
      AgentLog.adviceError(t);
    }
  }

  private static void respond(RequestContext context, HttpExchange exchange) {
    VigilHooks.onResponse(context, exchange.getResponseCode(), exchange.getResponseHeaders().getFirst("Location"));
  }
}
