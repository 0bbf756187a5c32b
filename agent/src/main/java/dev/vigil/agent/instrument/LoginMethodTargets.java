package dev.vigil.agent.instrument;

import dev.vigil.agent.login.methods.LoginMethodSpec;
import dev.vigil.instrumentation.methods.LoginMethodTarget;
import java.util.List;
import java.util.stream.Collectors;

/** The policy's login methods as the instrumentation sees them: names, argument count and return shape. */
public final class LoginMethodTargets {
  private LoginMethodTargets() {}

  public static List<LoginMethodTarget> of(List<LoginMethodSpec> specs) {
    return specs.stream().map(LoginMethodTargets::target).collect(Collectors.toList());
  }

  static LoginMethodTarget target(LoginMethodSpec spec) {
    LoginMethodTarget.Returns returns;
    switch (spec.success()) {
      case RETURNS_TRUE:
        returns = LoginMethodTarget.Returns.BOOLEAN;
        break;
      case RETURNS_NON_NULL:
        returns = LoginMethodTarget.Returns.REFERENCE;
        break;
      default:
        returns = LoginMethodTarget.Returns.ANY;
        break;
    }
    return new LoginMethodTarget(spec.className(), spec.methodName(), spec.username().argument() + 1, returns);
  }
}
