package dev.vigil.agent.caller;

import dev.vigil.agent.net.CidrSet;
import dev.vigil.agent.net.IpAddress;

/**
 * Finds the client's address: the TCP peer, unless the peer is a trusted proxy, in which case the
 * forwarding headers are walked right to left past trusted hops to the first untrusted one. A
 * forged header from an untrusted peer is ignored; an unusable header falls back to the peer.
 */
public final class ClientAddressResolver {
  private final CidrSet trustedProxies;

  public ClientAddressResolver(CidrSet trustedProxies) {
    this.trustedProxies = trustedProxies;
  }

  /**
   * Returns the client address text, or null when the peer is unknown. With no forwarding headers
   * an IPv4 peer string is returned as is, so the common path allocates nothing.
   */
  public String resolve(String peer, String forwarded, String xForwardedFor) {
    if (peer == null || peer.isEmpty()) {
      return null;
    }
    boolean hasForwarded = !isBlank(forwarded);
    if (!hasForwarded && isBlank(xForwardedFor)) {
      return normalised(peer);
    }
    if (!trustedProxies.containsLiteral(peer)) {
      return normalised(peer);
    }
    ForwardedChain chain = hasForwarded ? ForwardedChain.forwarded(forwarded) : ForwardedChain.xForwardedFor(xForwardedFor);
    IpAddress lastTrusted = null;
    for (IpAddress hop = chain.next(); hop != null; hop = chain.next()) {
      if (hop == ForwardedChain.MALFORMED) {
        return normalised(peer);
      }
      if (hop == ForwardedChain.UNKNOWN) {
        // the proxy that reported an unknown source is the best identity we have
        return lastTrusted == null ? normalised(peer) : lastTrusted.toString();
      }
      if (!trustedProxies.contains(hop)) {
        return hop.toString();
      }
      lastTrusted = hop;
    }
    // every hop is trusted: the leftmost one is the client (e.g. a caller on the private network)
    return lastTrusted == null ? normalised(peer) : lastTrusted.toString();
  }

  /** IPv4 peers are kept as given (servers report them canonically); IPv6 text varies, so canonicalise. */
  private static String normalised(String peer) {
    if (peer.indexOf(':') < 0) {
      return peer;
    }
    IpAddress address = IpAddress.parse(peer);
    return address == null ? peer : address.toString();
  }

  private static boolean isBlank(String value) {
    if (value == null) {
      return true;
    }
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) > ' ') {
        return false;
      }
    }
    return true;
  }
}
