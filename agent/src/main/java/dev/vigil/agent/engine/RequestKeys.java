package dev.vigil.agent.engine;

import dev.vigil.agent.caller.CallerKeys;
import dev.vigil.agent.caller.ClientAddressResolver;
import dev.vigil.agent.caller.ClientFingerprint;
import dev.vigil.agent.caller.SessionCookie;
import dev.vigil.agent.config.KeyType;
import dev.vigil.agent.limit.RoutePath;
import dev.vigil.bootstrap.RequestContext;

/**
 * What the detectors derive from a request, each computed once and kept in its {@link
 * RequestContext}: the normalised path, the client the trust model believes, the caller keys (the
 * session cookie's only when a detector or rule asks for it).
 */
public final class RequestKeys {
  /** Kept in a context whose request has no session cookie, so that the header is read once. */
  private static final String NO_SESSION = new String("");
  /** Replaced when a reload changes the trusted proxies or the forwarding header; the tables keyed by client stay. */
  private volatile ClientAddressResolver clients;
  private final CallerKeys keys;

  RequestKeys(ClientAddressResolver clients, CallerKeys keys) {
    this.clients = clients;
    this.keys = keys;
  }

  void resolveWith(ClientAddressResolver resolver) {
    this.clients = resolver;
  }

  public String path(RequestContext request) {
    String path = request.routePath;
    if (path == null) {
      path = RoutePath.normalise(request.path);
      request.routePath = path;
    }
    return path;
  }

  /** The client address, or null when the peer is not an address at all. */
  public String client(RequestContext request) {
    if (!request.clientResolved) {
      request.client = clients.resolve(request.peerAddress, request.forwardedFor);
      request.clientResolved = true;
    }
    return request.client;
  }

  /** The client's /24 or /64, or null. */
  public String subnet(RequestContext request) {
    String subnet = request.subnet;
    if (subnet == null) {
      String client = client(request);
      subnet = client == null ? null : keys.subnet(client);
      request.subnet = subnet;
    }
    return subnet;
  }

  /**
   * Who an address-keyed detector counts: the IPv4 client address, or the IPv6 client's /64 (one
   * subscriber's, however many of its addresses it rotates through); null when there is no client.
   */
  public String source(RequestContext request) {
    String client = client(request);
    return client == null || client.indexOf(':') < 0 ? client : subnet(request);
  }

  /** How a {@link #source} is shown: an address is {@code ip}, an IPv6 /64 {@code subnet}. */
  public static KeyType sourceType(String source) {
    return source != null && source.indexOf('/') >= 0 ? KeyType.SUBNET : KeyType.IP;
  }

  /** The keyed hash of the request's API key, or null when it carries none. */
  public String apiKey(RequestContext request) {
    String hash = request.apiKeyHash;
    if (hash == null && request.apiKey != null) {
      hash = keys.apiKey(request.apiKey);
      request.apiKeyHash = hash;
    }
    return hash;
  }

  /**
   * The keyed hash of the request's session cookie ({@link SessionCookie}), or null when it carries
   * none; read through the server's reader the first time a detector asks.
   */
  public String session(RequestContext request) {
    String hash = request.sessionHash;
    if (hash == null) {
      hash = keys.session(SessionCookie.value(request.header("Cookie")));
      request.sessionHash = hash == null ? NO_SESSION : hash;
      return hash;
    }
    return hash == NO_SESSION ? null : hash;
  }

  /** The client software's fingerprint ({@link ClientFingerprint}), read through the server's reader the first time it is asked for. */
  public String fingerprint(RequestContext request) {
    String fingerprint = request.fingerprint;
    if (fingerprint == null) {
      fingerprint =
          ClientFingerprint.of(
              request.method, request.protocol(), request.headerNames(), request.header("Accept-Language"), request.userAgent,
              request.header("Accept"), request.header("Accept-Encoding"));
      request.fingerprint = fingerprint;
    }
    return fingerprint;
  }

  /** The keyed hash of the request's {@code Authorization: Bearer} token, or null; read through the server's reader. */
  public String bearer(RequestContext request) {
    String header = request.header("Authorization");
    if (header == null || header.length() <= BEARER.length() || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return null;
    }
    return keys.bearer(header.substring(BEARER.length()).trim());
  }

  private static final String BEARER = "Bearer ";

  /** The principal the server saw, or null (asked of the server the first time). */
  public String user(RequestContext request) {
    return keys.user(request.principal());
  }

  /** A principal an inner entry saw, as a key. */
  public String user(String principal) {
    return keys.user(principal);
  }

  /** The resolver itself, for authentication hooks that see a peer of their own. */
  ClientAddressResolver clients() {
    return clients;
  }
}
