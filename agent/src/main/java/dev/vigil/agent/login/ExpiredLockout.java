package dev.vigil.agent.login;

/** A login lockout that has ended, for the {@code vigil.lockout.expired} event. */
public final class ExpiredLockout {
  public final LoginScope scope;
  /** The client address or network, or null for the per-username scope (usernames are not kept). */
  public final String source;

  ExpiredLockout(LoginScope scope, String source) {
    this.scope = scope;
    this.source = source;
  }
}
