package dev.vigil.instrumentation.jetty;

import dev.vigil.bootstrap.AgentLog;
import dev.vigil.bootstrap.CallDepth;
import dev.vigil.bootstrap.HeaderLines;
import dev.vigil.bootstrap.LoginAttempt;
import dev.vigil.bootstrap.LoginResult;
import dev.vigil.bootstrap.VigilHooks;
import org.eclipse.jetty.server.Request;

/**
 * Called from {@code LoginService.login}. Only the outermost call counts (a service may delegate).
 * The caller comes from the Jetty request argument (null when the login has no request: the engine
 * then falls back to the current request's client). A refused source fails Jetty's own way: the
 * credentials are not checked and the service returns null.
 */
public final class LoginServiceAdvice {
  static final String FRAMEWORK = "jetty-login-service";

  private LoginServiceAdvice() {}

  public static Object enter(Object username, Object request) {
    try {
      if (CallDepth.authentication().enter() != 1) {
        return null;
      }
      String name = (String) username;
      Request jetty = (Request) request;
      boolean refused =
          jetty == null
              ? VigilHooks.onLoginAttempt(FRAMEWORK, name, null, null)
              : VigilHooks.onLoginAttempt(FRAMEWORK, name, Request.getRemoteAddr(jetty), forwardedFor(jetty));
      return new LoginAttempt(name, refused);
    } catch (Throwable t) {
      AgentLog.adviceError(t);
      return null;
    }
  }

  private static String forwardedFor(Request request) {
    return HeaderLines.join(request.getHeaders().getValuesList(VigilHooks.clientIpHeader()));
  }

  public static boolean skips(Object state) {
    return LoginAttempt.isRefused(state);
  }

  public static Object skipped(Object state) {
    CallDepth.authentication().exit();
    return null;
  }

  public static void exit(Object identity, Throwable thrown, Object state, Object request) {
    try {
      CallDepth.authentication().exit();
      if (!(state instanceof LoginAttempt)) {
        return;
      }
      String username = ((LoginAttempt) state).username;
      // a null identity says nothing about whether the account exists: the service cannot tell us
      int result = identity != null && thrown == null ? LoginResult.SUCCESS : LoginResult.FAILURE;
      Request jetty = (Request) request;
      if (jetty == null) {
        VigilHooks.onLoginOutcome(FRAMEWORK, username, null, null, result);
      } else {
        VigilHooks.onLoginOutcome(FRAMEWORK, username, Request.getRemoteAddr(jetty), forwardedFor(jetty), result);
      }
    } catch (Throwable t) {
      AgentLog.adviceError(t);
    }
  }
}
