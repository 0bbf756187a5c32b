package dev.vigil.agent.instrument;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.woven.Accounts;
import com.example.woven.Accounts.BadPassword;
import dev.vigil.bootstrap.AllowAllGate;
import dev.vigil.bootstrap.LoginMethod;
import dev.vigil.bootstrap.LoginMethods;
import dev.vigil.bootstrap.LoginResult;
import dev.vigil.bootstrap.VigilHooks;
import dev.vigil.instrumentation.methods.LoginMethodTarget;
import dev.vigil.instrumentation.methods.LoginMethodsModule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The generic advice, woven into a real class: lookup by class and name, outcome, and locked attempts. */
class LoginMethodAdviceTest {
  private final List<String> attempts = new ArrayList<>();
  private final List<String> outcomes = new ArrayList<>();
  private boolean locked;
  private Throwable lockedFailure = new BadPassword("locked");
  private Object accounts;

  /** A configured method as the agent would register it, recording what the advice asks. */
  private final class FakeMethod implements LoginMethod {
    private final String name;
    private final boolean byException;

    FakeMethod(String name, boolean byException) {
      this.name = name;
      this.byException = byException;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String username(Object[] arguments) {
      return (String) arguments[0];
    }

    @Override
    public int result(Object returned, Throwable thrown) {
      if (thrown != null) {
        return thrown instanceof BadPassword ? LoginResult.FAILURE : LoginResult.NOT_COUNTED;
      }
      return byException || Boolean.TRUE.equals(returned) || returned instanceof String ? LoginResult.SUCCESS : LoginResult.FAILURE;
    }

    @Override
    public boolean failsByException() {
      return byException;
    }

    @Override
    public Throwable lockedFailure(Class<?> declaringType) {
      return lockedFailure;
    }

    @Override
    public Object lockedReturn() {
      return name.endsWith("signIn") ? Boolean.FALSE : null;
    }
  }

  @BeforeEach
  void weave() throws Exception {
    Accounts.checks = 0;
    VigilHooks.install(
        new AllowAllGate() {
          @Override
          public boolean onLoginAttempt(String framework, String username, String peer, String forwardedFor) {
            attempts.add(framework + " " + username);
            return locked;
          }

          @Override
          public void onLoginOutcome(String framework, String username, String peer, String forwardedFor, int result) {
            outcomes.add(framework + " " + username + " " + result);
          }
        },
        null,
        null);
    LoginMethods.install(
        (type, method) -> {
          assertThat(type.getName()).isEqualTo(Accounts.class.getName());
          switch (method) {
            case "signIn":
            case "signInTwice":
              return new FakeMethod("Accounts." + method, false);
            case "findUser":
              return new FakeMethod("Accounts.findUser", false);
            case "authenticate":
              return new FakeMethod("Accounts.authenticate", true);
            default:
              return null;
          }
        });
    Class<?> woven =
        new Weaving(
                new LoginMethodsModule(
                    Arrays.asList(
                        target("signIn", LoginMethodTarget.Returns.BOOLEAN),
                        target("findUser", LoginMethodTarget.Returns.REFERENCE),
                        target("authenticate", LoginMethodTarget.Returns.ANY),
                        target("signInTwice", LoginMethodTarget.Returns.BOOLEAN),
                        target("notALogin", LoginMethodTarget.Returns.BOOLEAN))))
            .load(Accounts.class);
    accounts = woven.getDeclaredConstructor().newInstance();
  }

  private static LoginMethodTarget target(String method, LoginMethodTarget.Returns returns) {
    return new LoginMethodTarget(Accounts.class.getName(), method, 1, returns);
  }

  @AfterEach
  void unweave() {
    VigilHooks.uninstall();
    LoginMethods.install(null);
  }

  private Object call(String method, String username, String password) throws Throwable {
    try {
      return accounts.getClass().getMethod(method, String.class, String.class).invoke(accounts, username, password);
    } catch (java.lang.reflect.InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** The woven class's own static counter (it lives in another class loader). */
  private int checks() throws Exception {
    return accounts.getClass().getField("checks").getInt(null);
  }

  @Test
  void anAllowedAttemptRunsAndItsOutcomeIsReportedUnderTheMethodsName() throws Throwable {
    assertThat(call("signIn", "alice", "guess")).isEqualTo(false);
    assertThat(call("signIn", "alice", "secret")).isEqualTo(true);
    assertThat(checks()).isEqualTo(2);
    assertThat(attempts).containsExactly("Accounts.signIn alice", "Accounts.signIn alice");
    assertThat(outcomes).containsExactly("Accounts.signIn alice " + LoginResult.FAILURE, "Accounts.signIn alice " + LoginResult.SUCCESS);
  }

  @Test
  void aLockedAttemptByReturnValueReturnsFalseOrNullWithoutRunningTheMethod() throws Throwable {
    locked = true;
    assertThat(call("signIn", "alice", "secret")).isEqualTo(false);
    assertThat(accounts.getClass().getMethod("findUser", String.class).invoke(accounts, "alice")).isNull();
    assertThat(checks()).as("the password was never checked").isZero();
    assertThat(outcomes).as("a refused attempt is not an outcome").isEmpty();
  }

  @Test
  void aLockedAttemptByExceptionThrowsTheFailureExceptionWithoutRunningTheMethod() throws Throwable {
    locked = true;
    assertThatThrownBy(() -> call("authenticate", "alice", "secret")).isSameAs(lockedFailure);
    assertThat(checks()).isZero();
  }

  @Test
  void aFailureExceptionThatCannotBeBuiltLetsTheLockedAttemptThrough() throws Throwable {
    locked = true;
    lockedFailure = null;
    assertThatThrownBy(() -> call("authenticate", "alice", "guess")).isInstanceOf(BadPassword.class).hasMessage("wrong password");
    call("authenticate", "alice", "secret");
    assertThat(checks()).isEqualTo(2);
    assertThat(outcomes).containsExactly("Accounts.authenticate alice " + LoginResult.FAILURE, "Accounts.authenticate alice " + LoginResult.SUCCESS);
  }

  @Test
  void aVoidMethodThatReturnsIsASuccess() throws Throwable {
    assertThat(call("authenticate", "alice", "secret")).isNull();
    assertThat(outcomes).containsExactly("Accounts.authenticate alice " + LoginResult.SUCCESS);
  }

  @Test
  void aLoginCallingAnotherLoginIsOneAttempt() throws Throwable {
    assertThat(call("signInTwice", "alice", "guess")).isEqualTo(false);
    assertThat(attempts).containsExactly("Accounts.signInTwice alice");
    assertThat(outcomes).containsExactly("Accounts.signInTwice alice " + LoginResult.FAILURE);
  }

  @Test
  void aMethodTheRegistryDoesNotKnowIsLeftAlone() throws Throwable {
    locked = true;
    assertThat(call("notALogin", "alice", "guess")).isEqualTo(true);
    assertThat(attempts).isEmpty();
    assertThat(checks()).isEqualTo(1);
  }
}
