package dev.vigil.instrumentation.jaas;

import dev.vigil.instrumentation.AdviceArgument;
import dev.vigil.instrumentation.AdviceBinding;
import dev.vigil.instrumentation.InstrumentationModule;
import dev.vigil.instrumentation.MethodMatcher;
import dev.vigil.instrumentation.TypeInstrumentation;
import java.util.Collections;
import java.util.List;

/**
 * JAAS: {@code javax.security.auth.login.LoginContext.login()}, which runs every configured
 * LoginModule (so every password check) of an application, a container realm or a framework built
 * on JAAS. LoginContext is a java.base class: the boot loader defines it, and its woven code
 * calls the advice, so java.base is made to read it. It is loaded on first use, after
 * the agent has started, so the ordinary load-time transformation covers it.
 */
public final class JaasModule implements InstrumentationModule {
  public static final String NAME = "jaas";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Collections.singletonList(
        TypeInstrumentation.named(
            "javax.security.auth.login.LoginContext",
            loginAdvice()));
  }

  /** What LoginContext.login() is woven with (tests weave a stand-in the same way). */
  public static AdviceBinding loginAdvice() {
    return new AdviceBinding(MethodMatcher.named("login").publicOnly().takingArguments(0), LoginContextAdvice.class.getName())
        .enterWith(AdviceArgument.field("callbackHandler"))
        .skipping()
        .resettingOnSkip("loginSucceeded");
  }

  @Override
  public String jdkModule() {
    return "java.base";
  }
}
