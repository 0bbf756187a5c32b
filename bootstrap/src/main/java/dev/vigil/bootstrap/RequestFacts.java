package dev.vigil.bootstrap;

/**
 * What advice read off one incoming request, as JDK types only. Built once per request by the
 * outermost server entry; the engine turns it into caller keys. The API key is raw here and must
 * only ever be hashed by the engine, never stored or logged.
 */
public final class RequestFacts {
  public final String server;
  public final String method;
  public final String path;
  public final String peerAddress;
  /**
   * Every line of the one forwarding header the policy trusts ({@link VigilHooks#clientIpHeader()}),
   * joined in order with commas by {@link HeaderLines}; null when the request has none.
   */
  public final String forwardedFor;
  public final String apiKey;
  public final String principal;
  public final String userAgent;
  /**
   * The server's own request object (a ServletRequest, an HttpExchange), for the rare reads the
   * fields above do not cover, such as a login form's username. Only valid during the request.
   */
  public final Object request;
  /**
   * When the request started, in epoch nanoseconds; set by the engine (on the request's own
   * thread) only when every request gets a span, else 0.
   */
  public long startEpochNanos;

  public RequestFacts(
      String server,
      String method,
      String path,
      String peerAddress,
      String forwardedFor,
      String apiKey,
      String principal,
      String userAgent) {
    this(server, method, path, peerAddress, forwardedFor, apiKey, principal, userAgent, null);
  }

  public RequestFacts(
      String server,
      String method,
      String path,
      String peerAddress,
      String forwardedFor,
      String apiKey,
      String principal,
      String userAgent,
      Object request) {
    this.server = server;
    this.method = method;
    this.path = path;
    this.peerAddress = peerAddress;
    this.forwardedFor = forwardedFor;
    this.apiKey = apiKey;
    this.principal = principal;
    this.userAgent = userAgent;
    this.request = request;
  }

  @Override
  public String toString() {
    // never prints the API key
    return method + " " + path + " from " + peerAddress + " via " + server;
  }
}
