package dev.vigil.agent.caller;

import dev.vigil.agent.net.CidrSet;
import dev.vigil.agent.net.IpAddress;

/**
 * Finds the client's address: the TCP peer, unless the peer is a trusted proxy, in which case the one
 * {@link ForwardingHeader} the operator trusts is read (all its lines joined in order by the advice)
 * and walked right to left past trusted hops to the first untrusted one. A forged header from an
 * untrusted peer is ignored; an unusable header falls back to the peer. The peer itself is
 * normalised first, whatever the server reports ({@code [::1]}, zone ids, IPv4-mapped IPv6), so
 * keys, lists and subnets see one spelling per address.
 */
public final class ClientAddressResolver {
  private final CidrSet trustedProxies;
  private final ForwardingHeader.Format format;
  /**
   * Recently returned forwarded IPv4 client addresses, by a hash of the address, so a returning
   * client costs no new String (and no re-hash in the caches keyed by it). Racy by design: slots are
   * plain reads and writes, which is safe because a String is immutable and safely published
   * through its final fields; a lost or overwritten entry only costs one substring.
   */
  private final String[] recentHops = new String[RECENT_HOPS];

  private static final int RECENT_HOPS = 256;

  public ClientAddressResolver(CidrSet trustedProxies, ForwardingHeader header) {
    this.trustedProxies = trustedProxies;
    this.format = header.format();
  }

  /**
   * Returns the client address text, or null when the peer is unknown. With no forwarding header
   * an IPv4 peer string is returned as is, so the common path allocates nothing.
   *
   * @param forwardedFor every line of the trusted forwarding header, joined in order with commas; null if absent
   */
  public String resolve(String peer, String forwardedFor) {
    if (peer == null || peer.isEmpty()) {
      return null;
    }
    String client = PeerAddress.normalise(peer);
    if (isBlank(forwardedFor) || !trustedProxies.containsLiteral(client)) {
      return client;
    }
    if (format == ForwardingHeader.Format.HOP_LIST) {
      String ipv4 = xForwardedForIpv4(client, forwardedFor);
      return ipv4 != null ? ipv4 : walk(client, ForwardedChain.xForwardedFor(forwardedFor));
    }
    return format == ForwardingHeader.Format.RFC_7239 ? walk(client, ForwardedChain.forwarded(forwardedFor)) : singleAddress(client, forwardedFor);
  }

  /** A header that carries just the client (the edge proxy overwrote it): its last value, if it is an address. */
  private static String singleAddress(String peer, String value) {
    IpAddress hop = ForwardedChain.xForwardedFor(value).next();
    return hop == null || hop == ForwardedChain.MALFORMED || hop == ForwardedChain.UNKNOWN ? peer : hop.toString();
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
        return peer; // empty hop: malformed
      }
      if (ForwardedChain.isUnknownNode(header, from, to)) {
        return lastFrom < 0 ? peer : hopText(header, lastFrom, lastTo, lastBits);
      }
      if (header.charAt(from) == '[') {
        return null;
      }
      int colon = ForwardedChain.indexIn(header, ':', from, to);
      if (colon >= 0 && ForwardedChain.indexIn(header, ':', colon + 1, to) >= 0) {
        return null; // unbracketed IPv6
      }
      int hostEnd = colon >= 0 ? colon : to;
      if (!ForwardedChain.validPort(header, hostEnd, to)) {
        return peer;
      }
      long bits = IpAddress.parseV4(header, from, hostEnd);
      if (bits < 0) {
        return peer;
      }
      if (!trustedProxies.containsIpv4((int) bits)) {
        return hopText(header, from, hostEnd, (int) bits);
      }
      lastBits = (int) bits;
      lastFrom = from;
      lastTo = hostEnd;
    }
    return lastFrom < 0 ? peer : hopText(header, lastFrom, lastTo, lastBits);
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
        return peer;
      }
      if (hop == ForwardedChain.UNKNOWN) {
        // the proxy that reported an unknown source is the best identity we have
        return lastTrusted == null ? peer : lastTrusted.toString();
      }
      if (!trustedProxies.contains(hop)) {
        return hop.toString();
      }
      lastTrusted = hop;
    }
    // every hop is trusted: the leftmost one is the client (e.g. a caller on the private network)
    return lastTrusted == null ? peer : lastTrusted.toString();
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
