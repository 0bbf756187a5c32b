package dev.vigil.instrumentation.tomcat;

import dev.vigil.bootstrap.CallDepth;
import dev.vigil.bootstrap.LoginResult;
import dev.vigil.bootstrap.LoginCaller;
import dev.vigil.bootstrap.VigilHooks;
import java.security.Principal;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code Realm.authenticate(String, String)}. Only the outermost realm call counts
 * (RealmBase overloads, CombinedRealm and LockOutRealm delegate to nested realms). A locked-out
 * source fails the realm's own way: the password is not checked and the realm returns null.
 */
public final class RealmAdvice {
  static final String FRAMEWORK = "tomcat-realm";

  private RealmAdvice() {}

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
  public static boolean enter(@Advice.Argument(0) String username, @Advice.Local("vigilOuter") boolean outer) {
    if (CallDepth.authentication().enter() != 1) {
      return false;
    }
    outer = true;
    String[] caller = LoginCaller.current();
    if (caller == null) {
      return VigilHooks.onLoginAttempt(FRAMEWORK, username, null, null);
    }
    return VigilHooks.onLoginAttempt(FRAMEWORK, username, caller[0], caller[1]);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Argument(0) String username,
      @Advice.Enter boolean locked,
      @Advice.Local("vigilOuter") boolean outer,
      @Advice.Return(readOnly = false) Principal principal,
      @Advice.Thrown Throwable thrown) {
    CallDepth.authentication().exit();
    if (locked) {
      principal = null;
      return;
    }
    if (outer) {
      // a null principal says nothing about whether the account exists: the realm cannot tell us
      int result = principal != null && thrown == null ? LoginResult.SUCCESS : LoginResult.FAILURE;
      String[] caller = LoginCaller.current();
      if (caller == null) {
        VigilHooks.onLoginOutcome(FRAMEWORK, username, null, null, result);
      } else {
        VigilHooks.onLoginOutcome(FRAMEWORK, username, caller[0], caller[1], result);
      }
    }
  }
}
