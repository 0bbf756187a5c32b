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
  public final String forwarded;
  public final String xForwardedFor;
  public final String apiKey;
  public final String principal;
  public final String userAgent;

  public RequestFacts(
      String server,
      String method,
      String path,
      String peerAddress,
      String forwarded,
      String xForwardedFor,
      String apiKey,
      String principal,
      String userAgent) {
    this.server = server;
    this.method = method;
    this.path = path;
    this.peerAddress = peerAddress;
    this.forwarded = forwarded;
    this.xForwardedFor = xForwardedFor;
    this.apiKey = apiKey;
    this.principal = principal;
    this.userAgent = userAgent;
  }

  @Override
  public String toString() {
    // never prints the API key
    return method + " " + path + " from " + peerAddress + " via " + server;
  }
}
