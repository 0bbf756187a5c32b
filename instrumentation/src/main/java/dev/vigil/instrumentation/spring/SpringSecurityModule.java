package dev.vigil.instrumentation.spring;

import dev.vigil.instrumentation.AdviceArgument;
import dev.vigil.instrumentation.AdviceBinding;
import dev.vigil.instrumentation.InstrumentationModule;
import dev.vigil.instrumentation.MethodMatcher;
import dev.vigil.instrumentation.TypeInstrumentation;
import java.util.Collections;
import java.util.List;

/**
 * Spring Security's password check, {@code AuthenticationManager.authenticate(Authentication)}, in
 * every implementation (ProviderManager and anything an application writes); the interface itself
 * has no code. Form login, HTTP Basic and programmatic logins all go through it.
 */
public final class SpringSecurityModule implements InstrumentationModule {
  public static final String NAME = "spring-security";
  private static final String MANAGER = "org.springframework.security.authentication.AuthenticationManager";
  private static final String AUTHENTICATION = "org.springframework.security.core.Authentication";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Collections.singletonList(
        TypeInstrumentation.subtypesOf(
            Collections.singletonList(MANAGER),
            new AdviceBinding(
                    MethodMatcher.named("authenticate").takingArguments(1).withArgument(0, AUTHENTICATION).returningReference(),
                    AuthenticationManagerAdvice.class.getName())
                .enterWith(AdviceArgument.argument(0))
                .skipping()));
  }
}
