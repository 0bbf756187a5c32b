package dev.vigil.bootstrap;

/**
 * How the engine reads more of a request than the advice put into its {@link RequestContext}: one
 * implementation per server, beside its advice, compiled against that server's API (in the style of
 * OpenTelemetry's {@code HttpServerAttributesGetter}), so the engine never guesses a server's API by
 * reflection. Called on the request's own thread while the server's request object is valid.
 */
public interface RequestReader {
  /** Every line of the header joined in order with commas ({@link HeaderLines}); null when absent. */
  String header(Object request, String name);

  /**
   * A form parameter as the app itself reads it; only asked once the app has answered (reading it
   * earlier would fix the body's encoding before the app's own filter does). Null where the server
   * has no form parameters to offer without consuming the body (the JDK {@code HttpServer}).
   */
  String formParameter(Object request, String name);

  /**
   * The names of the request's headers in the order the client sent them, joined with commas (as
   * the server reports them: a server that keeps no order gives its own); null when unknown.
   */
  default String headerNames(Object request) {
    return null;
  }

  /** The name of the principal the server authenticated for the request, or null; asked only when needed. */
  default String principal(Object request) {
    return null;
  }

  /**
   * The route pattern the app's framework matched for this request ({@code /products/{slug}}), read
   * once the app has answered; null when there is none or the server cannot tell.
   */
  default String routePattern(Object request) {
    return null;
  }

  /** The raw query string (without {@code ?}), or null when there is none. */
  default String query(Object request) {
    return null;
  }

  /** The request line's protocol ({@code HTTP/1.1}, {@code HTTP/2.0}), or null when unknown. */
  default String protocol(Object request) {
    return null;
  }

  /**
   * How many body bytes the app has written to the response so far, or -1 when the server does not
   * tell (no {@code Content-Length}, a server whose count Vigil cannot read). Asked only after the app
   * answered; never forces the response to commit.
   */
  default long responseBytes(Object request, Object response) {
    return -1;
  }

  /**
   * Adds a header to the response if it is not committed yet; false when it is (or the server cannot).
   * Only for what the policy asks to add (known-device cookies): Vigil never changes an answer otherwise.
   */
  default boolean addResponseHeader(Object request, Object response, String name, String value) {
    return false;
  }
}
