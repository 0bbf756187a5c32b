package dev.vigil.agent.login;

/**
 * A lockout that one recorded failure started, for the {@code vigil.lockout} event (and, for the
 * stuffing scopes, {@code vigil.anomaly}). Chained, because one failure can lock several scopes at
 * once; nothing is allocated when none locks, which is nearly always.
 */
public final class LockoutStart {
  public final LoginScope scope;
  /** The locked client address or network; null for the per-username scope. */
  public final String source;
  public final long lockoutNanos;
  /** For the stuffing scopes: how many distinct usernames failed from the source in the window. */
  public final int distinctUsernames;
  public final LockoutStart next;

  LockoutStart(LoginScope scope, String source, long lockoutNanos, int distinctUsernames, LockoutStart next) {
    this.scope = scope;
    this.source = source;
    this.lockoutNanos = lockoutNanos;
    this.distinctUsernames = distinctUsernames;
    this.next = next;
  }
}
