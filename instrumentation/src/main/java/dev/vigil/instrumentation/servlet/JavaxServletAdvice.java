package dev.vigil.instrumentation.servlet;

import dev.vigil.bootstrap.AgentLog;
import dev.vigil.bootstrap.AwaitedPrincipal;
import dev.vigil.bootstrap.CallDepth;
import dev.vigil.bootstrap.Decision;
import dev.vigil.bootstrap.RequestContext;
import dev.vigil.bootstrap.VigilHooks;
import javax.servlet.DispatcherType;
import javax.servlet.ServletOutputStream;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import java.security.Principal;

/**
 * Called from {@code javax.servlet} filters and servlets. Only the outermost entry of an original
 * (REQUEST-dispatched) request asks the engine; an inner entry asks again only when the request's
 * user-keyed rules wait for its principal ({@link AwaitedPrincipal}). A blocking decision is written
 * here and the app's method is skipped. Twin of {@link JakartaServletAdvice}: advice must be compiled
 * against each namespace's own types, so the two cannot share code.
 */
public final class JavaxServletAdvice {
  /** The state of an entry that answered the request itself: the app's method does not run. */
  private static final Object ANSWERED = new Object();

  private JavaxServletAdvice() {}

  /**
   * Small enough for the JIT to inline at every woven method: an inner entry with nothing awaited (the
   * common case, once per filter and servlet of a request) costs two thread-local reads.
   *
   * @return the allowed request's context (the outermost entry), {@link #ANSWERED}, or null
   */
  public static Object enter(Object request, Object response) {
    try {
      boolean outermost = CallDepth.serverEntry().enter() == 1;
      // an inner filter or the servlet is where a framework's own filters (Spring Security) have
      // authenticated the request: user-keyed rules parked at the outermost entry wait for that
      RequestContext awaiting = outermost ? null : AwaitedPrincipal.current();
      return !outermost && awaiting == null ? null : decide(awaiting, request, response);
    } catch (Throwable t) {
      AgentLog.adviceError(t);
      return null;
    }
  }

  /** @param awaiting the context an inner entry finds parked for its principal; null at the outermost entry */
  private static Object decide(RequestContext awaiting, Object request, Object response) throws Exception {
    if (!(request instanceof HttpServletRequest) || !(response instanceof HttpServletResponse)) {
      return null;
    }
    HttpServletRequest http = (HttpServletRequest) request;
    RequestContext context = awaiting;
    Decision decision;
    if (awaiting != null) {
      Principal principal = http.getUserPrincipal();
      if (principal == null) {
        return null;
      }
      decision = VigilHooks.onPrincipal(context, principal.getName());
      if (!decision.blocks()) {
        return null;
      }
    } else {
      if (((ServletRequest) request).getDispatcherType() != DispatcherType.REQUEST) {
        return null;
      }
      context = JavaxServletReader.read(http, (HttpServletResponse) response);
      decision = VigilHooks.onRequest(context);
      if (!decision.blocks()) {
        return context;
      }
    }
    return refuse(http, (HttpServletResponse) response, context, decision) ? ANSWERED : null;
  }

  private static boolean refuse(HttpServletRequest http, HttpServletResponse out, RequestContext context, Decision decision) throws Exception {
    if (out.isCommitted()) {
      VigilHooks.onBlockFailed(context, decision);
      return false;
    }
    out.setStatus(decision.status());
    if (decision.retryAfterSeconds() >= 0) {
      out.setHeader("Retry-After", Long.toString(decision.retryAfterSeconds()));
    }
    if (http.getContentLengthLong() > 0 || http.getHeader("Transfer-Encoding") != null) {
      // the refused request's body is never read: say the connection ends, or a client reusing it
      // would find it closed by a server that will not drain the body
      out.setHeader("Connection", "close");
    }
    byte[] body = decision.body();
    out.setContentType("text/plain;charset=UTF-8");
    out.setContentLength(body.length);
    ServletOutputStream stream = out.getOutputStream();
    stream.write(body);
    out.flushBuffer();
    return true;
  }

  public static boolean skips(Object state) {
    return state == ANSWERED;
  }

  public static Object skipped(Object state) {
    CallDepth.serverEntry().exit();
    return null;
  }

  public static void exit(Object returned, Throwable thrown, Object state, Object request, Object response) {
    try {
      CallDepth.serverEntry().exit();
      if (state instanceof RequestContext && response instanceof HttpServletResponse) {
        respond(thrown, (RequestContext) state, request, (HttpServletResponse) response);
      }
    } catch (Throwable t) {
      AgentLog.adviceError(t);
    }
  }

  private static void respond(Throwable thrown, RequestContext context, Object request, HttpServletResponse response) {
    // the status is not the answer yet while an exception is on its way to the container (which
    // sends a 500), nor while async work is still to answer: neither says anything about a login
    int status = thrown != null ? 500 : ((ServletRequest) request).isAsyncStarted() ? -1 : response.getStatus();
    VigilHooks.onResponse(context, status, response.getHeader("Location"));
  }
}
