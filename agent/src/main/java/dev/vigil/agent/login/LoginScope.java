package dev.vigil.agent.login;

/** The keys a login lockout can apply to; {@link #ruleName()} is what verdicts, notices and metrics show. */
public enum LoginScope {
  /** One account from one client address: brute force on a password. */
  USER_IP("user-ip"),
  /** One client address across accounts: brute force or stuffing from one source. */
  IP("ip"),
  /** One /24 (IPv4) or /64 (IPv6) network: the same, from rotating addresses. */
  SUBNET("subnet"),
  /** One account from every source; never applied to a source that logged in as that user before. */
  USER("user"),
  /** Too many distinct usernames failed from one client address. */
  STUFFING_IP("stuffing-ip"),
  /** Too many distinct usernames failed from one network. */
  STUFFING_SUBNET("stuffing-subnet"),
  /**
   * Many distinct usernames failed from one wide network (/16, IPv6 /48), nearly all its attempts
   * failing: stuffing spread over more subnets than each subnet's threshold sees.
   */
  STUFFING_NETWORK("stuffing-network");

  private final String ruleName;

  LoginScope(String ruleName) {
    this.ruleName = ruleName;
  }

  public String ruleName() {
    return ruleName;
  }
}
