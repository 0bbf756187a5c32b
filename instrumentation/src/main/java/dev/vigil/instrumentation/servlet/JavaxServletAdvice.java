package dev.vigil.instrumentation.servlet;

import dev.vigil.bootstrap.CallDepth;
import dev.vigil.bootstrap.Decision;
import dev.vigil.bootstrap.HeaderLines;
import dev.vigil.bootstrap.RequestFacts;
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
 * original (REQUEST-dispatched) request asks the engine; a blocking decision is written here and
 * the app's method is skipped. Twin of {@link JakartaServletAdvice}: advice must be compiled against
 * each namespace's own types, so the two cannot share code.
 */
public final class JavaxServletAdvice {
  private JavaxServletAdvice() {}

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
  public static boolean enter(
      @Advice.Argument(0) ServletRequest request,
      @Advice.Argument(1) ServletResponse response,
      @Advice.Local("vigilFacts") RequestFacts allowed)
      throws Exception {
    if (CallDepth.serverEntry().enter() != 1
        || !(request instanceof HttpServletRequest)
        || !(response instanceof HttpServletResponse)
        || request.getDispatcherType() != DispatcherType.REQUEST) {
      return false;
    }
    HttpServletRequest http = (HttpServletRequest) request;
    String apiKeyHeader = VigilHooks.apiKeyHeader();
    String clientIpHeader = VigilHooks.clientIpHeader();
    Principal principal = http.getUserPrincipal();
    RequestFacts facts =
        new RequestFacts(
            "javax-servlet",
            http.getMethod(),
            http.getRequestURI(),
            http.getRemoteAddr(),
            http.getHeader(clientIpHeader) == null ? null : HeaderLines.join(http.getHeaders(clientIpHeader)),
            apiKeyHeader == null ? null : http.getHeader(apiKeyHeader),
            principal == null ? null : principal.getName(),
            http.getHeader("User-Agent"),
            http);
    Decision decision = VigilHooks.onRequest(facts);
    if (!decision.blocks()) {
      allowed = facts;
      return false;
    }
    HttpServletResponse out = (HttpServletResponse) response;
    if (out.isCommitted()) {
      VigilHooks.onBlockFailed(facts, decision);
      return false;
    }
    out.setStatus(decision.status());
    if (decision.retryAfterSeconds() >= 0) {
      out.setHeader("Retry-After", Long.toString(decision.retryAfterSeconds()));
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
  public static void exit(@Advice.Argument(1) ServletResponse response, @Advice.Local("vigilFacts") RequestFacts allowed) {
    CallDepth.serverEntry().exit();
    if (allowed != null && response instanceof HttpServletResponse) {
      HttpServletResponse http = (HttpServletResponse) response;
      VigilHooks.onResponse(allowed, http.getStatus(), http.getHeader("Location"));
    }
  }
}
