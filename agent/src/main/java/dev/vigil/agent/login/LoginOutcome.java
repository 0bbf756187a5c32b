package dev.vigil.agent.login;

/** What the framework decided about one login attempt. */
public enum LoginOutcome {
  SUCCESS,
  /** Wrong password (or another credential failure) for an account that exists. */
  FAILURE,
  /** The framework said the account does not exist; counted as a failure, and in the unknown-user ratio. */
  UNKNOWN_USER
}
