package dev.vigil.instrumentation.servlet;

import dev.vigil.bootstrap.HeaderLines;
import dev.vigil.bootstrap.RequestContext;
import dev.vigil.bootstrap.RequestReader;
import dev.vigil.bootstrap.VigilHooks;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;

/**
 * Everything Vigil reads off a {@code jakarta.servlet} request. Injected beside the advice into the
 * class loader of each instrumented filter or servlet (it must see the servlet API there), so it may
 * use only JDK, servlet and bootstrap types. Twin of {@link JavaxServletReader}.
 */
public final class JakartaServletReader implements RequestReader {
  /** The module's name (a constant, so this class, injected into app loaders, never loads the module). */
  public static final String SERVER = JakartaServletModule.NAME;
  private static final String SPRING_PATTERN = "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";
  private static final JakartaServletReader INSTANCE = new JakartaServletReader();

  private JakartaServletReader() {}

  /** The request's context at its outermost entry. */
  public static RequestContext read(HttpServletRequest http, HttpServletResponse response) {
    String apiKeyHeader = VigilHooks.apiKeyHeader();
    String clientIpHeader = VigilHooks.clientIpHeader();
    return new RequestContext(
        SERVER,
        http.getMethod(),
        http.getRequestURI(),
        http.getRemoteAddr(),
        http.getHeader(clientIpHeader) == null ? null : HeaderLines.join(http.getHeaders(clientIpHeader)),
        apiKeyHeader == null ? null : http.getHeader(apiKeyHeader),
        null, // the principal: asked through principal() when the engine needs it
        http.getHeader("User-Agent"),
        INSTANCE,
        http,
        response);
  }

  @Override
  public String principal(Object request) {
    Principal principal = ((HttpServletRequest) request).getUserPrincipal();
    return principal == null ? null : principal.getName();
  }

  @Override
  public String header(Object request, String name) {
    HttpServletRequest http = (HttpServletRequest) request;
    return http.getHeader(name) == null ? null : HeaderLines.join(http.getHeaders(name));
  }

  @Override
  public String formParameter(Object request, String name) {
    return ((HttpServletRequest) request).getParameter(name);
  }

  @Override
  public String headerNames(Object request) {
    return HeaderLines.names(((HttpServletRequest) request).getHeaderNames());
  }

  /**
   * Spring MVC's best-matching pattern (a String, or a PathPattern whose text is the pattern), as a
   * path of the whole request: Spring's is within the context, and within the servlet's mapping when
   * the DispatcherServlet is mapped to a prefix ({@code /api/*}).
   */
  @Override
  public String routePattern(Object request) {
    HttpServletRequest http = (HttpServletRequest) request;
    Object pattern = http.getAttribute(SPRING_PATTERN);
    if (pattern == null) {
      return null;
    }
    String context = http.getContextPath();
    String prefix = http.getPathInfo() != null ? context + http.getServletPath() : context;
    return prefix == null || prefix.isEmpty() ? pattern.toString() : prefix + pattern;
  }

  @Override
  public String query(Object request) {
    return ((HttpServletRequest) request).getQueryString();
  }

  @Override
  public String protocol(Object request) {
    return ((HttpServletRequest) request).getProtocol();
  }

  /** The length the app set, else the container's own count ({@link WrittenBytes}). */
  @Override
  public long responseBytes(Object request, Object response) {
    String length = ((HttpServletResponse) response).getHeader("Content-Length");
    if (length != null) {
      try {
        return Long.parseLong(length.trim());
      } catch (NumberFormatException e) {
        return -1;
      }
    }
    try {
      return WrittenBytes.of(response);
    } catch (Exception e) {
      return -1;
    }
  }

  @Override
  public boolean addResponseHeader(Object request, Object response, String name, String value) {
    HttpServletResponse http = (HttpServletResponse) response;
    if (http.isCommitted()) {
      return false;
    }
    http.addHeader(name, value);
    return true;
  }
}
