package dev.vigil.instrumentation.methods;

import dev.vigil.bootstrap.AgentLog;
import dev.vigil.bootstrap.CallDepth;
import dev.vigil.bootstrap.LoginMethod;
import dev.vigil.bootstrap.LoginMethods;
import dev.vigil.bootstrap.VigilHooks;

/**
 * Called from every method the policy names as a login (one advice for all of them): it looks its
 * own method up by class and name in {@link LoginMethods}, so the advice holds no policy. Only the
 * outermost authentication counts (depth shared with the framework hooks: a configured method that
 * calls Spring's AuthenticationManager is one attempt). The caller is the current request's client.
 *
 * <p>A refused source fails the application's own way, before the method checks the password: the
 * body is skipped and the method returns false or null, or, when failure is an exception, throws a
 * new instance of the configured failure exception. That instance is built on entry: if it cannot
 * be, the attempt is let through (the registry logs why) rather than failing another way.
 */
public final class LoginMethodAdvice {
  private LoginMethodAdvice() {}

  public static Object enter(Class<?> type, String method, Object[] arguments) {
    try {
      if (CallDepth.authentication().enter() != 1) {
        return null;
      }
      LoginMethod login = LoginMethods.find(type, method);
      if (login == null) {
        return null;
      }
      String username = login.username(arguments);
      if (!VigilHooks.onLoginAttempt(login.name(), username, null, null)) {
        return new LoginMethodCall(login, username, false, null);
      }
      if (!login.failsByException()) {
        return new LoginMethodCall(login, username, true, null);
      }
      Throwable failure = login.lockedFailure(type);
      return new LoginMethodCall(login, username, failure != null, failure);
    } catch (Throwable t) {
      AgentLog.adviceError(t);
      return null;
    }
  }

  public static boolean skips(Object state) {
    return state instanceof LoginMethodCall && ((LoginMethodCall) state).refused;
  }

  public static Object skipped(Object state) throws Throwable {
    CallDepth.authentication().exit();
    LoginMethodCall call = (LoginMethodCall) state;
    if (call.failure != null) {
      throw call.failure;
    }
    return call.login.lockedReturn();
  }

  public static void exit(Object returned, Throwable thrown, Object state) {
    try {
      CallDepth.authentication().exit();
      if (state instanceof LoginMethodCall) {
        LoginMethodCall call = (LoginMethodCall) state;
        VigilHooks.onLoginOutcome(call.login.name(), call.username, null, null, call.login.result(returned, thrown));
      }
    } catch (Throwable t) {
      AgentLog.adviceError(t);
    }
  }
}
