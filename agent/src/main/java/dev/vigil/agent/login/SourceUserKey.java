package dev.vigil.agent.login;

/** One account (as its keyed hash) from one client address: the key of the user-ip scope and of known sources. */
final class SourceUserKey {
  private final long user;
  private final String ip;

  SourceUserKey(long user, String ip) {
    this.user = user;
    this.ip = ip;
  }

  /** Whether this key is {@code user}'s (a keyed hash), or from a source {@code sources} accepts. */
  boolean heldBy(java.util.function.Predicate<String> sources, Long user) {
    return sources.test(ip) || (user != null && this.user == user);
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof SourceUserKey)) {
      return false;
    }
    SourceUserKey that = (SourceUserKey) other;
    return user == that.user && ip.equals(that.ip);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(user) * 31 + ip.hashCode();
  }

  /** Shows the hash, never a username. */
  @Override
  public String toString() {
    return String.format("#%016x@%s", user, ip);
  }
}
