package dev.vigil.agent.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.woven.LoginTargets.AccountService;
import com.example.woven.LoginTargets.AuditedAccountService;
import com.example.woven.LoginTargets.Authenticator;
import com.example.woven.LoginTargets.Unrelated;
import dev.vigil.instrumentation.methods.LoginMethodTarget;
import dev.vigil.instrumentation.methods.LoginMethodsModule;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Which types and methods the configured targets advise, as the weaver applies them. */
class LoginMethodsModuleTest {
  private final Weaving weaving =
      new Weaving(
          new LoginMethodsModule(
              Arrays.asList(
                  new LoginMethodTarget(AccountService.class.getName(), "signIn", 2, LoginMethodTarget.Returns.BOOLEAN),
                  new LoginMethodTarget(Authenticator.class.getName(), "authenticate", 1, LoginMethodTarget.Returns.ANY))));

  @Test
  void theConfiguredClassItsSubclassesAndImplementationsOfAConfiguredInterface() throws Exception {
    assertThat(weaving.advisedMethods(AccountService.class))
        .as("the configured class, and the implementation of a configured interface")
        .containsExactlyInAnyOrder("signIn(Ljava/lang/String;Ljava/lang/String;)Z", "authenticate(Ljava/lang/Object;)Ljava/lang/Object;");
    assertThat(weaving.advisedMethods(AuditedAccountService.class)).as("subclass").containsExactly("signIn(Ljava/lang/String;Ljava/lang/String;)Z");
    assertThat(weaving.wovenBytes(Unrelated.class)).as("same name, unrelated class").isNull();
    assertThat(weaving.wovenBytes(Authenticator.class)).as("an interface has no code").isNull();
  }

  @Test
  void onlyOverloadsThatHoldTheUsernameAndReturnWhatTheOutcomeIsReadFrom() throws Exception {
    // signIn(String): too few arguments for arg1; signIn(String, String, String): returns-true needs a boolean
    assertThat(weaving.advisedMethods(AccountService.class)).noneMatch(method -> method.startsWith("signIn(Ljava/lang/String;)"))
        .noneMatch(method -> method.endsWith(")Ljava/lang/String;"));
  }
}
