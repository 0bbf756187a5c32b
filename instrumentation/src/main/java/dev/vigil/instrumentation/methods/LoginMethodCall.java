package dev.vigil.instrumentation.methods;

import dev.vigil.bootstrap.LoginMethod;

/**
 * One outermost call of a configured login method, from the advice's entry to its exit: which
 * method, whose username, whether its source was refused and, for a method that fails by
 * exception, the failure to throw instead (built on entry, so a refusal cannot fail another way).
 */
public final class LoginMethodCall {
  final LoginMethod login;
  final String username;
  final boolean refused;
  final Throwable failure;

  LoginMethodCall(LoginMethod login, String username, boolean refused, Throwable failure) {
    this.login = login;
    this.username = username;
    this.refused = refused;
    this.failure = failure;
  }
}
