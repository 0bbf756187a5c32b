package dev.vigil.instrumentation.servlet;

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
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code javax.servlet} filters and servlets. Only the outermost entry of an
 * original (REQUEST-dispatched) request asks the engine; an inner entry asks again only when the
 * request's user-keyed rules wait for its principal ({@link AwaitedPrincipal}). A blocking decision is
 * written here and the app's method is skipped. Twin of {@link JakartaServletAdvice}: advice must be compiled against
 * each namespace's own types, so the two cannot share code.
 */
public final class JavaxServletAdvice {
  private JavaxServletAdvice() {}

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
  public static boolean enter(
      @Advice.Argument(0) ServletRequest request,
      @Advice.Argument(1) ServletResponse response,
      @Advice.Local("vigilRequest") RequestContext allowed)
      throws Exception {
    boolean outermost = CallDepth.serverEntry().enter() == 1;
    // an inner filter or the servlet is where a framework's own filters (Spring Security) have
    // authenticated the request: user-keyed rules parked at the outermost entry wait for that
    RequestContext context = outermost ? null : AwaitedPrincipal.current();
    if ((!outermost && context == null) || !(request instanceof HttpServletRequest) || !(response instanceof HttpServletResponse)) {
      return false;
    }
    HttpServletRequest http = (HttpServletRequest) request;
    Decision decision;
    if (!outermost) {
      Principal principal = http.getUserPrincipal();
      if (principal == null) {
        return false;
      }
      decision = VigilHooks.onPrincipal(context, principal.getName());
      if (!decision.blocks()) {
        return false;
      }
    } else {
      if (request.getDispatcherType() != DispatcherType.REQUEST) {
        return false;
      }
      context = JavaxServletReader.read(http);
      decision = VigilHooks.onRequest(context);
      if (!decision.blocks()) {
        allowed = context;
        return false;
      }
    }
    HttpServletResponse out = (HttpServletResponse) response;
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

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Argument(0) ServletRequest request,
      @Advice.Argument(1) ServletResponse response,
      @Advice.Local("vigilRequest") RequestContext allowed,
      @Advice.Thrown Throwable thrown) {
    CallDepth.serverEntry().exit();
    if (allowed != null && response instanceof HttpServletResponse) {
      HttpServletResponse http = (HttpServletResponse) response;
      // the status is not the answer yet while an exception is on its way to the container (which
      // sends a 500), nor while async work is still to answer: neither says anything about a login
      int status = thrown != null ? 500 : request.isAsyncStarted() ? -1 : http.getStatus();
      VigilHooks.onResponse(allowed, status, http.getHeader("Location"));
    }
  }
}
