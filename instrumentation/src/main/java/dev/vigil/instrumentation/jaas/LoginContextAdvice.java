package dev.vigil.instrumentation.jaas;

import dev.vigil.bootstrap.CallDepth;
import dev.vigil.bootstrap.LoginResult;
import dev.vigil.bootstrap.VigilHooks;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.login.AccountNotFoundException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code javax.security.auth.login.LoginContext.login()}. Only the outermost
 * authentication counts (the depth is shared with the other hooks, so a Tomcat {@code JAASRealm}
 * calling a LoginContext is one attempt). The caller is the current request's client.
 *
 * <p>Username: a LoginContext knows none before its modules run; they ask the application's
 * callback handler. Being inlined into LoginContext, the advice reads its private {@code
 * callbackHandler} and asks it for a {@link NameCallback} only (never a password). A handler that
 * is absent or refuses (UnsupportedCallbackException, or any other error) gives a null username: the
 * attempt is then judged by its source alone. A handler that prompts a person on a console would be
 * asked twice; server handlers hold the submitted credentials and just answer.
 *
 * <p>A locked-out source fails JAAS's own way, before any LoginModule checks the password: the body
 * is skipped and the exit advice throws {@code FailedLoginException("Login Failure: all modules
 * ignored")}, a LoginException like any failed login (the text is the JDK's own). Outcome: no
 * exception is a success, {@link AccountNotFoundException} an unknown user, another LoginException a
 * failure; any other error says nothing about the password and is not counted.
 */
public final class LoginContextAdvice {
  static final String FRAMEWORK = "jaas";

  private LoginContextAdvice() {}

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
  public static boolean enter(
      @Advice.FieldValue("callbackHandler") CallbackHandler handler,
      @Advice.Local("vigilOuter") boolean outer,
      @Advice.Local("vigilUsername") String username) {
    if (CallDepth.authentication().enter() != 1) {
      return false;
    }
    outer = true;
    if (handler != null) {
      NameCallback name = new NameCallback("username: ");
      try {
        handler.handle(new Callback[] {name});
        username = name.getName();
      } catch (Throwable refused) {
        username = null;
      }
    }
    return VigilHooks.onLoginAttempt(FRAMEWORK, username, null, null);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Enter boolean locked,
      @Advice.Local("vigilOuter") boolean outer,
      @Advice.Local("vigilUsername") String username,
      @Advice.FieldValue(value = "loginSucceeded", readOnly = false) boolean loginSucceeded,
      @Advice.Thrown(readOnly = false) Throwable thrown) {
    CallDepth.authentication().exit();
    if (locked) {
      loginSucceeded = false; // what the skipped body does first: getSubject() must not return an earlier login's subject
      thrown = new FailedLoginException("Login Failure: all modules ignored");
      return;
    }
    if (!outer) {
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
    VigilHooks.onLoginOutcome(FRAMEWORK, username, null, null, result);
  }
}
