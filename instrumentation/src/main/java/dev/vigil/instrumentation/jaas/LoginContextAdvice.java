package dev.vigil.instrumentation.jaas;

import dev.vigil.bootstrap.AgentLog;
import dev.vigil.bootstrap.CallDepth;
import dev.vigil.bootstrap.LoginAttempt;
import dev.vigil.bootstrap.LoginResult;
import dev.vigil.bootstrap.VigilHooks;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.login.AccountNotFoundException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;

/**
 * Called from {@code javax.security.auth.login.LoginContext.login()}. Only the outermost
 * authentication counts (the depth is shared with the other hooks, so a Tomcat {@code JAASRealm}
 * calling a LoginContext is one attempt). The caller is the current request's client.
 *
 * <p>Username: a LoginContext knows none before its modules run; they ask the application's
 * callback handler. The woven code hands the advice LoginContext's private {@code callbackHandler},
 * which it asks for a {@link NameCallback} only (never a password). A handler that is absent or
 * refuses (UnsupportedCallbackException, or any other error) gives a null username: the attempt is
 * then judged by its source alone. A handler that prompts a person on a console would be asked
 * twice; server handlers hold the submitted credentials and just answer.
 *
 * <p>A refused source fails JAAS's own way, before any LoginModule checks the password: the body is
 * skipped, {@code loginSucceeded} is reset as the body would have done first (so getSubject() does
 * not return an earlier login's subject), and login() throws {@code FailedLoginException("Login
 * Failure: all modules ignored")}, a LoginException like any failed login (the text is the JDK's
 * own). Outcome: no exception is a success, {@link AccountNotFoundException} an unknown user,
 * another LoginException a failure; any other error says nothing about the password and is not
 * counted.
 */
public final class LoginContextAdvice {
  static final String FRAMEWORK = "jaas";

  private LoginContextAdvice() {}

  public static Object enter(Object callbackHandler) {
    try {
      if (CallDepth.authentication().enter() != 1) {
        return null;
      }
      String username = null;
      if (callbackHandler instanceof CallbackHandler) {
        NameCallback name = new NameCallback("username: ");
        try {
          ((CallbackHandler) callbackHandler).handle(new Callback[] {name});
          username = name.getName();
        } catch (Throwable refused) {
          username = null;
        }
      }
      return new LoginAttempt(username, VigilHooks.onLoginAttempt(FRAMEWORK, username, null, null));
    } catch (Throwable t) {
      AgentLog.adviceError(t);
      return null;
    }
  }

  public static boolean skips(Object state) {
    return LoginAttempt.isRefused(state);
  }

  public static Object skipped(Object state) throws LoginException {
    CallDepth.authentication().exit();
    throw new FailedLoginException("Login Failure: all modules ignored");
  }

  public static void exit(Object returned, Throwable thrown, Object state) {
    try {
      CallDepth.authentication().exit();
      if (!(state instanceof LoginAttempt)) {
        return;
      }
      int result;
      if (thrown == null) {
        result = LoginResult.SUCCESS;
      } else if (thrown instanceof AccountNotFoundException) {
        result = LoginResult.UNKNOWN_USER;
      } else if (thrown instanceof LoginException) {
        result = LoginResult.FAILURE;
      } else {
        result = LoginResult.NOT_COUNTED;
      }
      VigilHooks.onLoginOutcome(FRAMEWORK, ((LoginAttempt) state).username, null, null, result);
    } catch (Throwable t) {
      AgentLog.adviceError(t);
    }
  }
}
