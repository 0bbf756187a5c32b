package dev.vigil.agent.login;

/** What the framework decided about one login attempt. */
public enum LoginOutcome {
  SUCCESS,
  /** Wrong password (or another credential failure) for an account that exists. */
  FAILURE,
  /** The framework said the account does not exist; counted as a failure, and in the unknown-user ratio. */
  UNKNOWN_USER;

  /** A hook's {@link dev.vigil.bootstrap.LoginResult} as an outcome; null for one that is not counted. */
  public static LoginOutcome ofHookResult(int result) {
    switch (result) {
      case dev.vigil.bootstrap.LoginResult.SUCCESS:
        return SUCCESS;
      case dev.vigil.bootstrap.LoginResult.FAILURE:
        return FAILURE;
      case dev.vigil.bootstrap.LoginResult.UNKNOWN_USER:
        return UNKNOWN_USER;
      default:
        return null;
    }
  }
}
