package dev.vigil.instrumentation.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.bootstrap.RequestContext;
import dev.vigil.bootstrap.VigilHooks;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Both servlet readers over a request that answers like a container's: the same context from either namespace. */
class ServletReaderTest {
  private static final Map<String, List<String>> HEADERS = new HashMap<>();

  static {
    HEADERS.put("X-Forwarded-For", Arrays.asList("203.0.113.1", "198.51.100.2"));
    HEADERS.put("User-Agent", Collections.singletonList("probe/1"));
    HEADERS.put("traceparent", Collections.singletonList("00-trace"));
  }

  @AfterEach
  void uninstall() {
    VigilHooks.uninstall();
  }

  /** A request of {@code type}: GET /items/7 from 127.0.0.1, the headers above, form field user=alice. */
  @SuppressWarnings("unchecked")
  private static <T> T request(Class<T> type) {
    return (T)
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "getMethod":
                  return "GET";
                case "getRequestURI":
                  return "/items/7";
                case "getRemoteAddr":
                  return "127.0.0.1";
                case "getHeader":
                  List<String> lines = HEADERS.get((String) args[0]);
                  return lines == null ? null : lines.get(0);
                case "getHeaders":
                  List<String> all = HEADERS.get((String) args[0]);
                  return Collections.enumeration(all == null ? Collections.<String>emptyList() : all);
                case "getParameter":
                  return "user".equals(args[0]) ? "alice" : null;
                case "getQueryString":
                  return "id=7";
                default:
                  return null;
              }
            });
  }

  private static void assertRead(RequestContext context, String server) {
    assertThat(context.server).isEqualTo(server);
    assertThat(context.method).isEqualTo("GET");
    assertThat(context.path).isEqualTo("/items/7");
    assertThat(context.peerAddress).isEqualTo("127.0.0.1");
    assertThat(context.forwardedFor).as("every line, in order").isEqualTo("203.0.113.1, 198.51.100.2");
    assertThat(context.apiKey).as("no API key header configured").isNull();
    assertThat(context.principal()).isNull();
    assertThat(context.userAgent).isEqualTo("probe/1");
    assertThat(context.header("traceparent")).isEqualTo("00-trace");
    assertThat(context.header("X-Missing")).isNull();
    assertThat(context.formParameter("user")).isEqualTo("alice");
    assertThat(context.query()).isEqualTo("id=7");
  }

  @Test
  void thePrincipalIsAskedOfTheServerOnlyWhenFirstNeededAndOnce() {
    VigilHooks.install(null, null, "X-Forwarded-For");
    java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
    jakarta.servlet.http.HttpServletRequest plain = request(jakarta.servlet.http.HttpServletRequest.class);
    jakarta.servlet.http.HttpServletRequest signedIn =
        (jakarta.servlet.http.HttpServletRequest)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {jakarta.servlet.http.HttpServletRequest.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("getUserPrincipal")) {
                    asked.incrementAndGet();
                    return (java.security.Principal) () -> "alice";
                  }
                  return method.invoke(plain, args);
                });
    RequestContext context = JakartaServletReader.read(signedIn, null);
    assertThat(asked).as("reading the request does not authenticate it (costly on Jetty 12)").hasValue(0);
    assertThat(context.principal()).isEqualTo("alice");
    assertThat(context.principal()).isEqualTo("alice");
    assertThat(asked).hasValue(1);
  }

  @Test
  void aHeaderIsAddedOnlyWhileTheResponseIsNotCommitted() {
    VigilHooks.install(null, null, "X-Forwarded-For");
    List<String> added = new java.util.ArrayList<>();
    boolean[] committed = {false};
    jakarta.servlet.http.HttpServletResponse response = (jakarta.servlet.http.HttpServletResponse) Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {jakarta.servlet.http.HttpServletResponse.class}, (proxy, method, args) -> {
          switch (method.getName()) {
            case "isCommitted":
              return committed[0];
            case "addHeader":
              added.add(args[0] + ": " + args[1]);
              return null;
            default:
              return null;
          }
        });
    RequestContext context = JakartaServletReader.read(request(jakarta.servlet.http.HttpServletRequest.class), response);
    assertThat(context.addResponseHeader("Set-Cookie", "a=1")).isTrue();
    committed[0] = true;
    assertThat(context.addResponseHeader("Set-Cookie", "b=2")).isFalse();
    assertThat(added).containsExactly("Set-Cookie: a=1");
  }

  @Test
  void jakartaAndJavaxRequestsReadTheSame() {
    VigilHooks.install(null, null, "X-Forwarded-For");
    assertRead(JakartaServletReader.read(request(jakarta.servlet.http.HttpServletRequest.class), response(jakarta.servlet.http.HttpServletResponse.class, "42")), "jakarta-servlet");
    assertRead(JavaxServletReader.read(request(javax.servlet.http.HttpServletRequest.class), response(javax.servlet.http.HttpServletResponse.class, "42")), "javax-servlet");
  }

  @Test
  void theResponseSizeIsTheLengthTheAppSetOrUnknown() {
    VigilHooks.install(null, null, "X-Forwarded-For");
    jakarta.servlet.http.HttpServletRequest http = request(jakarta.servlet.http.HttpServletRequest.class);
    assertThat(JakartaServletReader.read(http, response(jakarta.servlet.http.HttpServletResponse.class, " 42 ")).responseBytes()).isEqualTo(42);
    assertThat(JakartaServletReader.read(http, response(jakarta.servlet.http.HttpServletResponse.class, "forty")).responseBytes())
        .as("a length that is no number").isEqualTo(-1);
    assertThat(JakartaServletReader.read(http, response(jakarta.servlet.http.HttpServletResponse.class, null)).responseBytes())
        .as("no length, and a response class with no count Vigil knows").isEqualTo(-1);
  }

  /** What Tomcat's facade and Jetty 12's response offer, as far as {@link WrittenBytes} reads them. */
  public static final class TomcatFacade {
    public long getContentWritten() {
      return 1234;
    }
  }

  public static final class JettyResponse {
    public JettyChannel getServletChannel() {
      return new JettyChannel();
    }
  }

  public static final class JettyChannel {
    public JettyContextResponse getServletContextResponse() {
      return new JettyContextResponse();
    }
  }

  public static final class JettyContextResponse {
    public JettyOutput getHttpOutput() {
      return new JettyOutput();
    }
  }

  public static final class JettyOutput {
    public long getWritten() {
      return 5678;
    }
  }

  @Test
  void containersCountWhatTheAppWrote() throws Exception {
    assertThat(WrittenBytes.of(new TomcatFacade())).isEqualTo(1234);
    assertThat(WrittenBytes.of(new JettyResponse())).isEqualTo(5678);
    assertThat(WrittenBytes.of(new Object())).isEqualTo(-1);
  }

  @SuppressWarnings("unchecked")
  private static <T> T response(Class<T> type, String contentLength) {
    return (T)
        Proxy.newProxyInstance(
            type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> "getHeader".equals(method.getName()) && "Content-Length".equals(args[0]) ? contentLength : null);
  }
}
