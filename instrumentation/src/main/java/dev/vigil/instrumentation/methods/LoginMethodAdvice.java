package dev.vigil.instrumentation.methods;

import dev.vigil.bootstrap.CallDepth;
import dev.vigil.bootstrap.LoginMethod;
import dev.vigil.bootstrap.LoginMethods;
import dev.vigil.bootstrap.VigilHooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into every method the policy names as a login (one advice for all of them): it looks its
 * own method up by class and name in {@link LoginMethods}, so the advice holds no policy. Only the
 * outermost authentication counts (depth shared with the framework hooks: a configured method that
 * calls Spring's AuthenticationManager is one attempt). The caller is the current request's client.
 *
 * <p>A locked-out source fails the application's own way, before the method checks the password:
 * the body is skipped and the method returns false or null, or, when failure is an exception,
 * throws a new instance of the configured failure exception. That instance is built on entry: if
 * it cannot be, the attempt is let through (the registry logs why) rather than failing another way.
 */
public final class LoginMethodAdvice {
  private LoginMethodAdvice() {}

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
  public static boolean enter(
      @Advice.Origin Class<?> type,
      @Advice.Origin("#m") String method,
      @Advice.AllArguments Object[] arguments,
      @Advice.Local("vigilLogin") LoginMethod login,
      @Advice.Local("vigilUsername") String username,
      @Advice.Local("vigilFailure") Throwable failure) {
    if (CallDepth.authentication().enter() != 1) {
      return false;
    }
    LoginMethod found = LoginMethods.find(type, method);
    if (found == null) {
      return false;
    }
    login = found;
    username = found.username(arguments);
    if (!VigilHooks.onLoginAttempt(found.name(), username, null, null)) {
      return false;
    }
    if (!found.failsByException()) {
      return true;
    }
    failure = found.lockedFailure(type);
    return failure != null;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Enter boolean locked,
      @Advice.Local("vigilLogin") LoginMethod login,
      @Advice.Local("vigilUsername") String username,
      @Advice.Local("vigilFailure") Throwable failure,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
      @Advice.Thrown(readOnly = false) Throwable thrown) {
    CallDepth.authentication().exit();
    if (locked) {
      if (failure != null) {
        thrown = failure;
      } else {
        returned = login.lockedReturn();
      }
      return;
    }
    if (login != null) {
      VigilHooks.onLoginOutcome(login.name(), username, null, null, login.result(returned, thrown));
    }
  }
}
