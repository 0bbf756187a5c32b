package dev.vigil.instrumentation.methods;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.instrumentation.AdviceBinding;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import org.junit.jupiter.api.Test;

/** Which types and methods the configured targets advise. */
class LoginMethodsModuleTest {
  public interface Authenticator {
    Object authenticate(Object credentials) throws Exception;
  }

  public static class AccountService implements Authenticator {
    public boolean signIn(String username, String password) {
      return true;
    }

    public boolean signIn(String token) {
      return true;
    }

    public String signIn(String username, String password, String otp) {
      return username;
    }

    @Override
    public Object authenticate(Object credentials) {
      return credentials;
    }
  }

  public static class AuditedAccountService extends AccountService {
    @Override
    public boolean signIn(String username, String password) {
      return super.signIn(username, password);
    }
  }

  public static class Unrelated {
    public boolean signIn(String username, String password) {
      return true;
    }
  }

  private static final LoginMethodsModule MODULE =
      new LoginMethodsModule(
          Arrays.asList(
              new LoginMethodTarget(AccountService.class.getName(), "signIn", 2, LoginMethodTarget.Returns.BOOLEAN),
              new LoginMethodTarget(Authenticator.class.getName(), "authenticate", 1, LoginMethodTarget.Returns.ANY)));

  private static boolean advised(Class<?> type, String method, Class<?>... parameters) throws Exception {
    MethodDescription description = new MethodDescription.ForLoadedMethod(type.getDeclaredMethod(method, parameters));
    List<AdviceBinding> bindings = MODULE.adviceBindings();
    return MODULE.typeMatcher().matches(TypeDescription.ForLoadedType.of(type))
        && bindings.stream().anyMatch(binding -> binding.methods().matches(description));
  }

  @Test
  void theConfiguredClassItsSubclassesAndImplementationsOfAConfiguredInterface() throws Exception {
    assertThat(advised(AccountService.class, "signIn", String.class, String.class)).isTrue();
    assertThat(advised(AuditedAccountService.class, "signIn", String.class, String.class)).as("subclass").isTrue();
    assertThat(advised(AccountService.class, "authenticate", Object.class)).as("implementation of a configured interface").isTrue();
    assertThat(advised(Unrelated.class, "signIn", String.class, String.class)).as("same name, unrelated class").isFalse();
    assertThat(MODULE.typeMatcher().matches(TypeDescription.ForLoadedType.of(Authenticator.class))).as("an interface has no code").isFalse();
  }

  @Test
  void onlyOverloadsThatHoldTheUsernameAndReturnWhatTheOutcomeIsReadFrom() throws Exception {
    assertThat(advised(AccountService.class, "signIn", String.class)).as("too few arguments for arg1").isFalse();
    assertThat(advised(AccountService.class, "signIn", String.class, String.class, String.class)).as("returns-true needs a boolean").isFalse();
  }

  @Test
  void theLoaderMatcherLooksForAnyConfiguredType() {
    assertThat(MODULE.classLoaderMatcher().matches(getClass().getClassLoader())).isTrue();
    assertThat(new LoginMethodsModule(Arrays.asList(new LoginMethodTarget("com.example.Missing", "x", 0, LoginMethodTarget.Returns.ANY)))
            .classLoaderMatcher().matches(getClass().getClassLoader())).isFalse();
  }
}
