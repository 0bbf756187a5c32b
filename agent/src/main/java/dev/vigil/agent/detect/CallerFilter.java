package dev.vigil.agent.detect;

import dev.vigil.agent.net.Cidr;

/**
 * Whom an operator's unlock names: an address or a network, or a user. Every table that holds
 * callers asks it of its keys, so that one unlock clears every scope that holds them: an address's
 * own entries, and the subnets and wider networks that hold it; a network's addresses and the
 * networks that overlap it.
 */
public final class CallerFilter {
  private final Cidr network;
  private final String username;

  private CallerFilter(Cidr network, String username) {
    this.network = network;
    this.username = username;
  }

  /** An address ({@code 203.0.113.7}) or a network ({@code 203.0.113.0/24}). */
  public static CallerFilter network(Cidr network) {
    return new CallerFilter(network, null);
  }

  public static CallerFilter user(String username) {
    return new CallerFilter(null, username);
  }

  /** The user named, or null for an address or network; each table hashes it the way it keeps users. */
  public String username() {
    return username;
  }

  /** Whether a table key that is an address or a network (as the detectors write them) is held: never for a user. */
  public boolean holdsSource(String key) {
    if (network == null || key == null || key.isEmpty()) {
      return false;
    }
    try {
      return network.overlaps(Cidr.parse(key));
    } catch (IllegalArgumentException notAnAddress) {
      return false; // a hashed key (session, API key): not an address
    }
  }

  /** What the operator named, for the audit line: the network's text, or {@code user}. */
  public String describe() {
    return network != null ? network.toString() : "user";
  }
}
