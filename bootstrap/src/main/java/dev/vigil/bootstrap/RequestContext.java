package dev.vigil.bootstrap;

/**
 * One request, from its outermost server entry to its exit: created once by the server's reader,
 * held by the advice (returned from enter, passed to exit, never a ThreadLocal, so entry and exit may
 * run on different threads) and handed to the engine at each moment of the request. JDK types only.
 *
 * <p>The final fields are what the reader read off the request; the API key is raw and must only ever
 * be hashed by the engine, never stored or logged. The mutable fields below them belong to the engine,
 * which fills them lazily while it decides (the advice never reads them).
 */
public final class RequestContext {
  /** The server's name as the startup line shows it ({@code jakarta-servlet}, {@code jdk-httpserver}). */
  public final String server;
  public final String method;
  /** The path as the request line wrote it (not normalised; the engine normalises it once). */
  public final String path;
  public final String peerAddress;
  /**
   * Every line of the one forwarding header the policy trusts ({@link VigilHooks#clientIpHeader()}),
   * joined in order with commas by {@link HeaderLines}; null when the request has none.
   */
  public final String forwardedFor;
  public final String apiKey;
  public final String userAgent;
  private final RequestReader reader;
  /** The server's own request and response objects, only ever handed back to {@link #reader}. */
  private final Object request;
  private final Object response;

  /** The principal the server authenticated: given by the reader, or read through it when first asked ({@link #principal()}). */
  private String principal;
  private boolean principalKnown;

  // ---- the engine's, filled once each while the request is decided --------------------------------
  /** The path normalised for matching, or null until first needed. */
  public String routePath;
  /** The route template of that path ({@code /items/{id}}), or null until first needed. */
  public String routeTemplate;
  /** Where the object the framework's route names ends in {@link #routePath}; 0 when no framework route matched. */
  public int routeObjectEnd;
  /** Where the object the path names ends in {@link #routePath}: 0 until first needed, -1 when it names none. */
  public int pathObjectEnd;
  /** The resolved client address (may itself be null); valid once {@link #clientResolved}. */
  public String client;
  public boolean clientResolved;
  /** The caller keys, or null until first needed (a key that is absent stays null). */
  public String subnet;
  public String apiKeyHash;
  /** The keyed hash of the session cookie, or the engine's marker for "none"; null until first needed. */
  public String sessionHash;
  /** The client fingerprint, or null until first needed. */
  public String fingerprint;
  /** When the request started, in epoch nanoseconds, when a span will need it; else 0. */
  public long startEpochNanos;
  /** When the request started by the engine's ticker, for a request whose latency is sampled; else 0. */
  public long startNanos;
  /**
   * The engine's ticker when the moment in progress began (the entry, then the exit): read once and
   * shared by every detector of that moment, because on some machines a clock read costs as much as
   * a table lookup. 0 until the engine sets it.
   */
  public long nowNanos;
  /** Set when an allow list (the policy's, an operator's) let the request past every limit: the login hooks and user rules inside it pass too. */
  public boolean allowListed;
  /** The login route's attempt while it waits for the app's answer; null otherwise. */
  public Object loginAttempt;
  /** Per-request state of the detectors that keep some, by the slot the chain gave them; null until one does. */
  public Object[] detectorState;

  public RequestContext(
      String server,
      String method,
      String path,
      String peerAddress,
      String forwardedFor,
      String apiKey,
      String principal,
      String userAgent) {
    this(server, method, path, peerAddress, forwardedFor, apiKey, principal, userAgent, null, null, null);
  }

  /** For a server whose one object is both the request and its response (the JDK {@code HttpExchange}). */
  public RequestContext(
      String server,
      String method,
      String path,
      String peerAddress,
      String forwardedFor,
      String apiKey,
      String principal,
      String userAgent,
      RequestReader reader,
      Object exchange) {
    this(server, method, path, peerAddress, forwardedFor, apiKey, principal, userAgent, reader, exchange, exchange);
  }

  public RequestContext(
      String server,
      String method,
      String path,
      String peerAddress,
      String forwardedFor,
      String apiKey,
      String principal,
      String userAgent,
      RequestReader reader,
      Object request,
      Object response) {
    this.server = server;
    this.method = method;
    this.path = path;
    this.peerAddress = peerAddress;
    this.forwardedFor = forwardedFor;
    this.apiKey = apiKey;
    this.principal = principal;
    this.principalKnown = principal != null || reader == null;
    this.userAgent = userAgent;
    this.reader = reader;
    this.request = request;
    this.response = response;
  }

  /**
   * The principal's name, or null when the server authenticated none. Read through the server's
   * reader only when first asked, because on some servers asking is costly (Jetty 12 wraps the
   * request to run its authentication) and most requests never need it: only user-keyed rules and
   * the detectors that tell signed-in callers apart do.
   */
  public String principal() {
    if (!principalKnown) {
      principal = read(null, PRINCIPAL);
      principalKnown = true;
    }
    return principal;
  }

  /**
   * A header read through the server's reader, all lines joined; null when absent or nothing can read
   * it. A reader that fails (a recycled request) reads as "no header": what the engine reads here
   * only adds to what it already decided, and must never undo a refusal.
   */
  public String header(String name) {
    return read(name, HEADER);
  }

  /** A form parameter read through the server's reader (see {@link RequestReader#formParameter}); null when that fails. */
  public String formParameter(String name) {
    return read(name, FORM);
  }

  /** The header names in the client's order ({@link RequestReader#headerNames}); null when unknown or that fails. */
  public String headerNames() {
    return read(null, HEADER_NAMES);
  }

  /** The request line's protocol ({@link RequestReader#protocol}); null when unknown or that fails. */
  public String protocol() {
    return read(null, PROTOCOL);
  }

  /** The route pattern the app's framework matched ({@link RequestReader#routePattern}); null when none or that fails. */
  public String routePattern() {
    return read(null, ROUTE_PATTERN);
  }

  /** The raw query string ({@link RequestReader#query}); null when there is none or that fails. */
  public String query() {
    return read(null, QUERY);
  }

  /** The response body bytes the app wrote ({@link RequestReader#responseBytes}), or -1 when unknown or that fails. */
  public long responseBytes() {
    if (reader == null) {
      return -1;
    }
    try {
      return reader.responseBytes(request, response);
    } catch (Throwable t) {
      AgentLog.errorOnce("reader-response-bytes", "cannot read the response size (" + server + "); read as unknown", t);
      return -1;
    }
  }

  /** Adds a response header if the response is not committed ({@link RequestReader#addResponseHeader}); false otherwise or when that fails. */
  public boolean addResponseHeader(String name, String value) {
    if (reader == null) {
      return false;
    }
    try {
      return reader.addResponseHeader(request, response, name, value);
    } catch (Throwable t) {
      AgentLog.errorOnce("reader-add-header", "cannot add a response header (" + server + ")", t);
      return false;
    }
  }

  private static final int HEADER = 0;
  private static final int FORM = 1;
  private static final int HEADER_NAMES = 2;
  private static final int PROTOCOL = 3;
  private static final int QUERY = 4;
  private static final int ROUTE_PATTERN = 5;
  private static final int PRINCIPAL = 6;
  private static final String[] WHAT = {"a request header", "a form parameter", "the header names", "the protocol", "the query", "the route pattern", "the principal"};
  private static final String[] ONCE_KEYS = {"reader-header", "reader-form", "reader-header-names", "reader-protocol", "reader-query", "reader-route", "reader-principal"};

  private String read(String name, int what) {
    if (reader == null) {
      return null;
    }
    try {
      switch (what) {
        case HEADER:
          return reader.header(request, name);
        case FORM:
          return reader.formParameter(request, name);
        case HEADER_NAMES:
          return reader.headerNames(request);
        case QUERY:
          return reader.query(request);
        case ROUTE_PATTERN:
          return reader.routePattern(request);
        case PRINCIPAL:
          return reader.principal(request);
        default:
          return reader.protocol(request);
      }
    } catch (Throwable t) {
      AgentLog.errorOnce(ONCE_KEYS[what], "cannot read " + WHAT[what] + " (" + server + "); read as absent", t);
      return null;
    }
  }

  @Override
  public String toString() {
    // never prints the API key
    return method + " " + path + " from " + peerAddress + " via " + server;
  }
}
