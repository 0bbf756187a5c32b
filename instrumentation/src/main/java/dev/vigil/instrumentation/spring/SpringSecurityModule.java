package dev.vigil.instrumentation.spring;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.vigil.instrumentation.AdviceBinding;
import dev.vigil.instrumentation.HasClassNamed;
import dev.vigil.instrumentation.InstrumentationModule;
import dev.vigil.instrumentation.TypeInstrumentation;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.matcher.ElementMatcher;

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
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    return new HasClassNamed(MANAGER);
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Collections.singletonList(
        TypeInstrumentation.subtypesOf(
            Collections.singletonList(MANAGER),
            new AdviceBinding(
                named("authenticate")
                    .and(not(isAbstract()))
                    .and(takesArguments(1))
                    .and(takesArgument(0, named(AUTHENTICATION)))
                    .and(returns(named(AUTHENTICATION))),
                AuthenticationManagerAdvice.class.getName())));
  }
}
