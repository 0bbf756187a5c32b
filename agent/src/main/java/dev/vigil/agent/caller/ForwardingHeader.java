package dev.vigil.agent.caller;

import java.util.Locale;

/**
 * The one request header that names the client when the peer is a trusted proxy. Only one is ever
 * believed: proxies pass through the forwarding headers they do not write, so a second header would
 * be whatever the client typed.
 */
public final class ForwardingHeader {
  /** How the header's value is read. */
  public enum Format {
    /** {@code X-Forwarded-For}: a comma-separated list of hops, walked right to left past trusted proxies. */
    HOP_LIST,
    /** {@code Forwarded} (RFC 7239): elements with {@code for=} parameters, walked the same way. */
    RFC_7239,
    /** One address set by the edge proxy ({@code X-Real-IP}, {@code CF-Connecting-IP}): the last value is the client. */
    SINGLE_ADDRESS
  }

  public static final String X_FORWARDED_FOR = "X-Forwarded-For";
  private static final ForwardingHeader DEFAULT = new ForwardingHeader(X_FORWARDED_FOR);

  private final String name;
  private final Format format;

  private ForwardingHeader(String name) {
    this.name = name;
    String lower = name.toLowerCase(Locale.ROOT);
    this.format = lower.equals("x-forwarded-for") ? Format.HOP_LIST : lower.equals("forwarded") ? Format.RFC_7239 : Format.SINGLE_ADDRESS;
  }

  /** {@code X-Forwarded-For}, the header nginx, HAProxy and most cloud load balancers write. */
  public static ForwardingHeader defaultHeader() {
    return DEFAULT;
  }

  /** @param name a header name as the policy gives it (already checked to be an HTTP token) */
  public static ForwardingHeader named(String name) {
    return name.equalsIgnoreCase(X_FORWARDED_FOR) ? DEFAULT : new ForwardingHeader(name);
  }

  /** The header name, for the advice to read all of its lines. */
  public String name() {
    return name;
  }

  public Format format() {
    return format;
  }

  @Override
  public String toString() {
    return name;
  }
}
