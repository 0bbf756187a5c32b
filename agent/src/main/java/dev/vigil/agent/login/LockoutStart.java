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
  /**
   * For the stuffing scopes, the behavioural signal that crossed its threshold ({@code
   * distinct-usernames-per-ip}, {@code distinct-usernames-per-subnet}, {@code failure-ratio},
   * {@code unknown-user-ratio}) and its value; null for the failure-count scopes.
   */
  public final String signal;
  public final double signalValue;
  public final LockoutStart next;

  LockoutStart(LoginScope scope, String source, long lockoutNanos, String signal, double signalValue, LockoutStart next) {
    this.scope = scope;
    this.source = source;
    this.lockoutNanos = lockoutNanos;
    this.signal = signal;
    this.signalValue = signalValue;
    this.next = next;
  }
}
