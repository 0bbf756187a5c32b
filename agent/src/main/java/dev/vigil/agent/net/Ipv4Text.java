package dev.vigil.agent.net;

/** Dotted-quad text of a 32-bit IPv4 address. */
final class Ipv4Text {
  private Ipv4Text() {}

  static String format(int bits) {
    return (bits >>> 24) + "." + ((bits >>> 16) & 0xff) + "." + ((bits >>> 8) & 0xff) + "." + (bits & 0xff);
  }
}
