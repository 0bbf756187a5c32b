package dev.vigil.instrumentation.methods;

import dev.vigil.instrumentation.AdviceArgument;
import dev.vigil.instrumentation.AdviceBinding;
import dev.vigil.instrumentation.InstrumentationModule;
import dev.vigil.instrumentation.MethodMatcher;
import dev.vigil.instrumentation.TypeInstrumentation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Application methods named in the policy as logins ({@code login.methods}): each configured type
 * and every class that extends or implements it, the named method in each, overloads that take
 * enough arguments and return what the outcome is read from. All share {@link LoginMethodAdvice}.
 * Built by the agent from the policy, so it is not listed for the service loader.
 */
public final class LoginMethodsModule implements InstrumentationModule {
  public static final String NAME = "login-methods";
  private final List<LoginMethodTarget> targets;

  public LoginMethodsModule(List<LoginMethodTarget> targets) {
    this.targets = new ArrayList<LoginMethodTarget>(targets);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** One per target: a class below one configured type gets that target's method advised, no other's. */
  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    List<TypeInstrumentation> types = new ArrayList<TypeInstrumentation>();
    for (LoginMethodTarget target : targets) {
      types.add(TypeInstrumentation.subtypesOf(Collections.singletonList(target.typeName()), adviceBinding(target)));
    }
    return types;
  }

  /** The state the advice keeps from entry to exit. */
  @Override
  public List<String> helperClassNames() {
    return Collections.singletonList(LoginMethodCall.class.getName());
  }

  private static AdviceBinding adviceBinding(LoginMethodTarget target) {
    // overloads with too few arguments cannot hold the configured username argument
    MethodMatcher methods = MethodMatcher.named(target.methodName()).takingAtLeast(target.minArguments());
    switch (target.returns()) {
      case BOOLEAN:
        methods.returningOneOf("boolean", "java.lang.Boolean");
        break;
      case REFERENCE:
        methods.returningReference();
        break;
      default:
        break;
    }
    return new AdviceBinding(methods, LoginMethodAdvice.class.getName())
        .enterWith(AdviceArgument.DECLARING_CLASS, AdviceArgument.METHOD_NAME, AdviceArgument.ALL_ARGUMENTS)
        .skipping();
  }
}
