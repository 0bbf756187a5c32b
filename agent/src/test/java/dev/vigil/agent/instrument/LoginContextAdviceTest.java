package dev.vigil.agent.instrument;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.woven.FakeLoginContext;
import dev.vigil.bootstrap.AllowAllGate;
import dev.vigil.bootstrap.CallDepth;
import dev.vigil.bootstrap.LoginResult;
import dev.vigil.bootstrap.VigilHooks;
import dev.vigil.instrumentation.TypeInstrumentation;
import dev.vigil.instrumentation.jaas.JaasModule;
import java.util.ArrayList;
import java.util.List;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AccountNotFoundException;
import javax.security.auth.login.FailedLoginException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The JAAS advice woven, as the agent weaves LoginContext, into a stand-in with its two private
 * fields and its login(): the real class lives in java.base, which only the agent (integration
 * tests) can transform.
 */
class LoginContextAdviceTest {
  private final List<String> attempts = new ArrayList<>();
  private final List<String> outcomes = new ArrayList<>();
  private boolean locked;
  private Class<?> woven;

  @BeforeEach
  void weave() throws Exception {
    VigilHooks.install(
        new AllowAllGate() {
          @Override
          public boolean onLoginAttempt(String framework, String username, String peer, String forwardedFor) {
            attempts.add(framework + " " + username);
            return locked;
          }

          @Override
          public void onLoginOutcome(String framework, String username, String peer, String forwardedFor, int result) {
            outcomes.add(username + " " + result);
          }
        },
        null,
        null);
    woven = new Weaving(Weaving.module(JaasModule.NAME, TypeInstrumentation.named(FakeLoginContext.class.getName(), JaasModule.loginAdvice())))
        .load(FakeLoginContext.class);
    setStatic("moduleRuns", 0);
    setStatic("moduleFailure", null);
  }

  @AfterEach
  void unweave() {
    VigilHooks.uninstall();
  }

  private void setStatic(String field, Object value) {
    try {
      woven.getField(field).set(null, value);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private int moduleRuns() throws Exception {
    return woven.getField("moduleRuns").getInt(null);
  }

  private static CallbackHandler answering(String username) {
    return callbacks -> {
      for (Callback callback : callbacks) {
        if (!(callback instanceof NameCallback)) {
          throw new UnsupportedCallbackException(callback);
        }
        ((NameCallback) callback).setName(username);
      }
    };
  }

  /** Runs login() on a new context; returns the context. */
  private Object login(CallbackHandler handler) throws Throwable {
    Object context = woven.getConstructor(CallbackHandler.class).newInstance(handler);
    try {
      woven.getMethod("login").invoke(context);
    } catch (java.lang.reflect.InvocationTargetException e) {
      throw e.getCause();
    }
    return context;
  }

  private boolean succeeded(Object context) throws Exception {
    return (Boolean) woven.getMethod("succeeded").invoke(context);
  }

  @Test
  void theUsernameComesFromTheApplicationsHandlerAndTheOutcomeFromWhatLoginThrows() throws Throwable {
    login(answering("alice"));
    setStatic("moduleFailure", new FailedLoginException("wrong password"));
    assertThatThrownBy(() -> login(answering("alice"))).hasMessage("wrong password");
    setStatic("moduleFailure", new AccountNotFoundException("no such account"));
    assertThatThrownBy(() -> login(answering("mallory"))).isInstanceOf(AccountNotFoundException.class);
    setStatic("moduleFailure", new IllegalStateException("directory down"));
    assertThatThrownBy(() -> login(answering("alice"))).isInstanceOf(IllegalStateException.class);

    assertThat(attempts).containsExactly("jaas alice", "jaas alice", "jaas mallory", "jaas alice");
    assertThat(outcomes).as("an error that is no LoginException is not counted")
        .containsExactly("alice " + LoginResult.SUCCESS, "alice " + LoginResult.FAILURE, "mallory " + LoginResult.UNKNOWN_USER);
  }

  @Test
  void aHandlerThatRefusesANameCallbackOrIsMissingGivesNoUsername() throws Throwable {
    login(callbacks -> {
      throw new UnsupportedCallbackException(callbacks[0]);
    });
    login(null);
    assertThat(attempts).containsExactly("jaas null", "jaas null");
    assertThat(moduleRuns()).isEqualTo(2);
  }

  @Test
  void aLockedSourceGetsAFailedLoginExceptionBeforeAnyModuleRuns() throws Throwable {
    Object context = login(answering("alice"));
    assertThat(succeeded(context)).isTrue();
    locked = true;
    assertThatThrownBy(() -> woven.getMethod("login").invoke(context))
        .cause()
        .isExactlyInstanceOf(FailedLoginException.class)
        .hasMessage("Login Failure: all modules ignored");
    assertThat(moduleRuns()).as("no module checked the password").isEqualTo(1);
    assertThat(succeeded(context)).as("an earlier login's success is forgotten, as login() itself does first").isFalse();
    assertThat(outcomes).containsExactly("alice " + LoginResult.SUCCESS);
  }

  @Test
  void aLoginContextInsideAnotherAuthenticationHookIsNotCountedAgain() throws Throwable {
    CallDepth.authentication().enter(); // e.g. Tomcat's JAASRealm.authenticate, already counted
    try {
      login(answering("alice"));
    } finally {
      CallDepth.authentication().exit();
    }
    assertThat(attempts).isEmpty();
    assertThat(outcomes).isEmpty();
  }
}
