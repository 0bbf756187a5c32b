package dev.vigil.instrumentation.tomcat;

import dev.vigil.bootstrap.AgentLog;
import dev.vigil.bootstrap.CallDepth;
import dev.vigil.bootstrap.LoginAttempt;
import dev.vigil.bootstrap.LoginCaller;
import dev.vigil.bootstrap.LoginResult;
import dev.vigil.bootstrap.VigilHooks;

/**
 * Called from {@code Realm.authenticate(String, String)}. Only the outermost realm call counts
 * (RealmBase overloads, CombinedRealm and LockOutRealm delegate to nested realms). A refused source
 * fails the realm's own way: the password is not checked and the realm returns null.
 */
public final class RealmAdvice {
  static final String FRAMEWORK = "tomcat-realm";

  private RealmAdvice() {}

  public static Object enter(Object username) {
    try {
      if (CallDepth.authentication().enter() != 1) {
        return null;
      }
      String name = (String) username;
      String[] caller = LoginCaller.current();
      boolean refused =
          caller == null
              ? VigilHooks.onLoginAttempt(FRAMEWORK, name, null, null)
              : VigilHooks.onLoginAttempt(FRAMEWORK, name, caller[0], caller[1]);
      return new LoginAttempt(name, refused);
    } catch (Throwable t) {
      AgentLog.adviceError(t);
      return null;
    }
  }

  public static boolean skips(Object state) {
    return LoginAttempt.isRefused(state);
  }

  public static Object skipped(Object state) {
    CallDepth.authentication().exit();
    return null;
  }

  public static void exit(Object principal, Throwable thrown, Object state) {
    try {
      CallDepth.authentication().exit();
      if (!(state instanceof LoginAttempt)) {
        return;
      }
      String username = ((LoginAttempt) state).username;
      // a null principal says nothing about whether the account exists: the realm cannot tell us
      int result = principal != null && thrown == null ? LoginResult.SUCCESS : LoginResult.FAILURE;
      String[] caller = LoginCaller.current();
      if (caller == null) {
        VigilHooks.onLoginOutcome(FRAMEWORK, username, null, null, result);
      } else {
        VigilHooks.onLoginOutcome(FRAMEWORK, username, caller[0], caller[1], result);
      }
    } catch (Throwable t) {
      AgentLog.adviceError(t);
    }
  }
}
