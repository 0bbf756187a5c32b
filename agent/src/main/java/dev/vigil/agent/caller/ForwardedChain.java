package dev.vigil.agent.caller;

import dev.vigil.agent.net.IpAddress;

/**
 * The hops of a {@code Forwarded} (RFC 7239) or {@code X-Forwarded-For} header, read right to left,
 * one at a time. Reading lazily from the right matters: the left part is whatever the client sent,
 * so garbage there must not be able to spoil the hops that trusted proxies appended.
 */
final class ForwardedChain {
  /** Returned for {@code unknown} or an obfuscated node ({@code _hidden}): the walk stops. */
  static final IpAddress UNKNOWN = IpAddress.parse("0.0.0.0");
  /** Returned for a hop that is not valid syntax: the header is not usable. */
  static final IpAddress MALFORMED = IpAddress.parse("::");

  private final String header;
  private final boolean rfc7239;
  private int end;

  private ForwardedChain(String header, boolean rfc7239) {
    this.header = header;
    this.rfc7239 = rfc7239;
    this.end = header.length();
  }

  static ForwardedChain forwarded(String header) {
    return new ForwardedChain(header, true);
  }

  static ForwardedChain xForwardedFor(String header) {
    return new ForwardedChain(header, false);
  }

  /** The next hop to the left: an address, {@link #UNKNOWN}, {@link #MALFORMED}, or null at the start. */
  IpAddress next() {
    if (end < 0) {
      return null;
    }
    int comma = elementStart(end);
    if (comma == Integer.MIN_VALUE) {
      end = -1;
      return MALFORMED;
    }
    int from = comma + 1;
    int to = end;
    end = comma;
    return rfc7239 ? forwardedElement(from, to) : node(trimStart(from, to), trimEnd(from, to), false);
  }

  /** Index of the comma that starts the element ending at {@code to}, -1 at the start, MIN_VALUE if a quote is open. */
  private int elementStart(int to) {
    boolean quoted = false;
    for (int i = to - 1; i >= 0; i--) {
      char c = header.charAt(i);
      if (c == '"' && !(quoted && escaped(i))) {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        return i;
      }
    }
    return quoted ? Integer.MIN_VALUE : -1;
  }

  private boolean escaped(int quoteAt) {
    int backslashes = 0;
    for (int i = quoteAt - 1; i >= 0 && header.charAt(i) == '\\'; i--) {
      backslashes++;
    }
    return (backslashes & 1) == 1;
  }

  /** Finds {@code for=} among the element's {@code ;}-separated pairs. */
  private IpAddress forwardedElement(int from, int to) {
    int pairStart = from;
    boolean quoted = false;
    for (int i = from; i <= to; i++) {
      char c = i < to ? header.charAt(i) : ';';
      if (c == '"' && i < to && (i == from || header.charAt(i - 1) != '\\')) {
        quoted = !quoted;
      } else if (c == ';' && !quoted) {
        int s = trimStart(pairStart, i);
        int e = trimEnd(pairStart, i);
        if (e - s > 4 && header.regionMatches(true, s, "for=", 0, 4)) {
          return forValue(s + 4, e);
        }
        pairStart = i + 1;
      }
    }
    return MALFORMED;
  }

  private IpAddress forValue(int from, int to) {
    if (to - from >= 2 && header.charAt(from) == '"' && header.charAt(to - 1) == '"') {
      return node(from + 1, to - 1, true);
    }
    return node(from, to, false);
  }

  /** One node: {@code 1.2.3.4}, {@code 1.2.3.4:80}, {@code [v6]}, {@code [v6]:80}, bare v6, unknown, _obfuscated. */
  private IpAddress node(int from, int to, boolean quoted) {
    if (from >= to) {
      return MALFORMED;
    }
    char first = header.charAt(from);
    if (isUnknownNode(header, from, to)) {
      return UNKNOWN;
    }
    if (first == '[') {
      int close = indexIn(header, ']', from, to);
      if (close < 0 || !validPort(close + 1, to)) {
        return MALFORMED;
      }
      IpAddress address = IpAddress.parse(header, from + 1, close);
      return address == null ? MALFORMED : address;
    }
    int colon = indexIn(header, ':', from, to);
    if (colon >= 0 && indexIn(header, ':', colon + 1, to) >= 0) {
      IpAddress bare = IpAddress.parse(header, from, to); // unbracketed IPv6, sent by some proxies
      return bare == null ? MALFORMED : bare;
    }
    int hostEnd = colon >= 0 ? colon : to;
    if (!validPort(hostEnd, to)) {
      return MALFORMED;
    }
    long v4 = IpAddress.parseV4(header, from, hostEnd);
    return v4 < 0 ? MALFORMED : IpAddress.parse(header, from, hostEnd);
  }

  /**
   * The first {@code c} in {@code header[from, to)}, or -1. Never past {@code to}: a search that ran to
   * the end of the header for every hop made a long header of trusted hops cost quadratic time.
   */
  static int indexIn(String header, char c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (header.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }

  /** Whether the non-empty node {@code header[from, to)} is {@code unknown} or obfuscated ({@code _x}). */
  static boolean isUnknownNode(String header, int from, int to) {
    return header.charAt(from) == '_' || to - from == 7 && header.regionMatches(true, from, "unknown", 0, 7);
  }

  private boolean validPort(int from, int to) {
    return validPort(header, from, to);
  }

  /** Empty, or {@code :digits}, or an obfuscated port {@code :_x} as RFC 7239 allows. */
  static boolean validPort(String header, int from, int to) {
    if (from == to) {
      return true;
    }
    if (header.charAt(from) != ':' || to - from < 2) {
      return false;
    }
    if (header.charAt(from + 1) == '_') {
      return true;
    }
    for (int i = from + 1; i < to; i++) {
      if (header.charAt(i) < '0' || header.charAt(i) > '9') {
        return false;
      }
    }
    return to - from <= 6;
  }

  private int trimStart(int from, int to) {
    return trimStart(header, from, to);
  }

  private int trimEnd(int from, int to) {
    return trimEnd(header, from, to);
  }

  /** The first index in {@code [from, to)} that is not a space or tab, or {@code to}. */
  static int trimStart(String header, int from, int to) {
    while (from < to && (header.charAt(from) == ' ' || header.charAt(from) == '\t')) {
      from++;
    }
    return from;
  }

  /** One past the last index in {@code [from, to)} that is not a space or tab, or {@code from}. */
  static int trimEnd(String header, int from, int to) {
    while (to > from && (header.charAt(to - 1) == ' ' || header.charAt(to - 1) == '\t')) {
      to--;
    }
    return to;
  }
}
