package dev.vigil.agent.caller;

import dev.vigil.agent.net.IpAddress;

/**
 * The TCP peer as one canonical text per address, whatever the server reports: Jetty gives
 * {@code [0:0:0:0:0:0:0:1]}, Tomcat {@code 0:0:0:0:0:0:0:1}, some stacks add a zone id
 * ({@code fe80::1%eth0}) or map IPv4 into IPv6 ({@code ::ffff:10.0.0.1}). Keys, lists, subnets and
 * the trusted-proxy check all read the result, so an IPv6 client is one caller, not several.
 */
final class PeerAddress {
  private PeerAddress() {}

  /** Canonical text of {@code peer}; a dotted-quad peer is returned as is (no allocation), text that is not an address unchanged. */
  static String normalise(String peer) {
    if (isPlainIpv4Text(peer)) {
      return peer; // servers report IPv4 peers canonically
    }
    int from = 0;
    int to = peer.length();
    if (peer.charAt(0) == '[') {
      int close = peer.indexOf(']');
      if (close < 0) {
        return peer;
      }
      from = 1;
      to = close;
    }
    int zone = peer.indexOf('%', from);
    if (zone >= 0 && zone < to) {
      to = zone;
    }
    IpAddress address = IpAddress.parse(peer, from, to);
    return address == null ? peer : address.toString();
  }

  /** One pass over the usual peer: digits and dots only. */
  private static boolean isPlainIpv4Text(String peer) {
    for (int i = 0; i < peer.length(); i++) {
      char c = peer.charAt(i);
      if ((c < '0' || c > '9') && c != '.') {
        return false;
      }
    }
    return true;
  }
}
