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
}
