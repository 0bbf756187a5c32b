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
  /**
   * Recently returned forwarded IPv4 client addresses, by a hash of the address, so a returning
   * client costs no new String (and no re-hash in the caches keyed by it). Racy by design: slots are
   * plain reads and writes, which is safe because a String is immutable and safely published
   * through its final fields; a lost or overwritten entry only costs one substring.
   */
  private final String[] recentHops = new String[RECENT_HOPS];

  private static final int RECENT_HOPS = 256;

  public ClientAddressResolver(CidrSet trustedProxies) {
    this.trustedProxies = trustedProxies;
  }

  /**
   * Returns the client address text, or null when the peer is unknown. With no forwarding headers
   * an IPv4 peer string is returned as is, so the common path allocates nothing.
   */
  public String resolve(String reportedPeer, String forwarded, String xForwardedFor) {
    if (reportedPeer == null || reportedPeer.isEmpty()) {
      return null;
    }
    String peer = unbracketed(reportedPeer);
    boolean hasForwarded = !isBlank(forwarded);
    if (!hasForwarded && isBlank(xForwardedFor)) {
      return normalised(peer);
    }
    if (!trustedProxies.containsLiteral(peer)) {
      return normalised(peer);
    }
    if (!hasForwarded) {
      String client = xForwardedForIpv4(peer, xForwardedFor);
      if (client != null) {
        return client;
      }
    }
    return walk(peer, hasForwarded ? ForwardedChain.forwarded(forwarded) : ForwardedChain.xForwardedFor(xForwardedFor));
  }

  /**
   * The X-Forwarded-For walk of {@link ForwardedChain} for a header of IPv4 hops, done in place:
   * hops are parsed into ints and only the chosen hop becomes a String (the header itself when it is
   * exactly that hop, else a recently returned equal String or a new substring). A valid hop is
   * already canonical text, since {@link IpAddress#parseV4} accepts only digits and dots without
   * leading zeros. Returns null when the walk reaches a hop it does not handle (IPv6, a quote), so
   * the caller redoes the whole walk on the general path; every result it does return is the one
   * that path would give.
   */
  private String xForwardedForIpv4(String peer, String header) {
    int lastFrom = -1;
    int lastTo = -1;
    int lastBits = 0;
    int end = header.length();
    while (end >= 0) {
      int comma = end - 1;
      while (comma >= 0) {
        char c = header.charAt(comma);
        if (c == ',') {
          break;
        }
        if (c == '"') {
          return null; // quoted text splits differently: leave it to ForwardedChain
        }
        comma--;
      }
      int from = ForwardedChain.trimStart(header, comma + 1, end);
      int to = ForwardedChain.trimEnd(header, comma + 1, end);
      end = comma;
      if (from >= to) {
        return normalised(peer); // empty hop: malformed
      }
      if (ForwardedChain.isUnknownNode(header, from, to)) {
        return lastFrom < 0 ? normalised(peer) : hopText(header, lastFrom, lastTo, lastBits);
      }
      if (header.charAt(from) == '[') {
        return null;
      }
      int colon = header.indexOf(':', from);
      if (colon >= to) {
        colon = -1;
      }
      if (colon >= 0) {
        int second = header.indexOf(':', colon + 1);
        if (second >= 0 && second < to) {
          return null; // unbracketed IPv6
        }
      }
      int hostEnd = colon >= 0 ? colon : to;
      if (!ForwardedChain.validPort(header, hostEnd, to)) {
        return normalised(peer);
      }
      long bits = IpAddress.parseV4(header, from, hostEnd);
      if (bits < 0) {
        return normalised(peer);
      }
      if (!trustedProxies.containsIpv4((int) bits)) {
        return hopText(header, from, hostEnd, (int) bits);
      }
      lastBits = (int) bits;
      lastFrom = from;
      lastTo = hostEnd;
    }
    return lastFrom < 0 ? normalised(peer) : hopText(header, lastFrom, lastTo, lastBits);
  }

  /** The text of the valid IPv4 hop {@code header[from, to)}: the header itself, a cached equal String, or a substring. */
  private String hopText(String header, int from, int to, int bits) {
    if (from == 0 && to == header.length()) {
      return header;
    }
    int slot = (bits * 0x9E3779B9) >>> 24; // 8 bits of a multiplicative hash: RECENT_HOPS slots
    String cached = recentHops[slot];
    int length = to - from;
    if (cached != null && cached.length() == length && header.regionMatches(from, cached, 0, length)) {
      return cached;
    }
    String text = header.substring(from, to);
    recentHops[slot] = text;
    return text;
  }

  private String walk(String peer, ForwardedChain chain) {
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

  /** Jetty 12 reports an IPv6 peer in brackets ({@code [0:0:0:0:0:0:0:1]}): without them it is a literal the trust check reads. */
  private static String unbracketed(String peer) {
    int last = peer.length() - 1;
    return last > 1 && peer.charAt(0) == '[' && peer.charAt(last) == ']' ? peer.substring(1, last) : peer;
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
