package dev.vigil.instrumentation.jetty;

import dev.vigil.instrumentation.AdviceArgument;
import dev.vigil.instrumentation.AdviceBinding;
import dev.vigil.instrumentation.InstrumentationModule;
import dev.vigil.instrumentation.MethodMatcher;
import dev.vigil.instrumentation.TypeInstrumentation;
import java.util.Collections;
import java.util.List;

/** Jetty 12's password check, {@code LoginService.login(String, Object, Request, Function)}. */
public final class JettyLoginServiceModule implements InstrumentationModule {
  public static final String NAME = "jetty-login-service";
  private static final String LOGIN_SERVICE = "org.eclipse.jetty.security.LoginService";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Collections.singletonList(
        TypeInstrumentation.subtypesOf(
            Collections.singletonList(LOGIN_SERVICE),
            new AdviceBinding(
                    MethodMatcher.named("login").takingArguments(4).withArgument(0, "java.lang.String")
                        .withArgument(2, "org.eclipse.jetty.server.Request").returningReference(),
                    LoginServiceAdvice.class.getName())
                .enterWith(AdviceArgument.argument(0), AdviceArgument.argument(2))
                .exitWith(AdviceArgument.argument(2))
                .skipping()));
  }
}
