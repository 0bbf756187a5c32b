package dev.vigil.instrumentation.jetty;

import dev.vigil.bootstrap.CallDepth;
import dev.vigil.bootstrap.HeaderLines;
import dev.vigil.bootstrap.LoginResult;
import dev.vigil.bootstrap.VigilHooks;
import net.bytebuddy.asm.Advice;
import org.eclipse.jetty.security.UserIdentity;
import org.eclipse.jetty.server.Request;

/**
 * Inlined into {@code LoginService.login}. Only the outermost call counts (a service may delegate).
 * The caller comes from the Jetty request argument (null when the login has no request: the engine
 * then falls back to the current request's client). A locked-out source fails Jetty's own way:
 * the credentials are not checked and the service returns null.
 */
public final class LoginServiceAdvice {
  static final String FRAMEWORK = "jetty-login-service";

  private LoginServiceAdvice() {}

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
  public static boolean enter(
      @Advice.Argument(0) String username, @Advice.Argument(2) Request request, @Advice.Local("vigilOuter") boolean outer) {
    if (CallDepth.authentication().enter() != 1) {
      return false;
    }
    outer = true;
    if (request == null) {
      return VigilHooks.onLoginAttempt(FRAMEWORK, username, null, null);
    }
    return VigilHooks.onLoginAttempt(
        FRAMEWORK, username, Request.getRemoteAddr(request), HeaderLines.join(request.getHeaders().getValuesList(VigilHooks.clientIpHeader())));
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Argument(0) String username,
      @Advice.Argument(2) Request request,
      @Advice.Enter boolean locked,
      @Advice.Local("vigilOuter") boolean outer,
      @Advice.Return(readOnly = false) UserIdentity identity,
      @Advice.Thrown Throwable thrown) {
    CallDepth.authentication().exit();
    if (locked) {
      identity = null;
      return;
    }
    if (outer) {
      // a null identity says nothing about whether the account exists: the service cannot tell us
      int result = identity != null && thrown == null ? LoginResult.SUCCESS : LoginResult.FAILURE;
      if (request == null) {
        VigilHooks.onLoginOutcome(FRAMEWORK, username, null, null, result);
      } else {
        VigilHooks.onLoginOutcome(
            FRAMEWORK, username, Request.getRemoteAddr(request), HeaderLines.join(request.getHeaders().getValuesList(VigilHooks.clientIpHeader())), result);
      }
    }
  }
}
