package dev.vigil.instrumentation.jetty;

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

/** Jetty 12's password check, {@code LoginService.login(String, Object, Request, Function)}. */
public final class JettyLoginServiceModule implements InstrumentationModule {
  public static final String NAME = "jetty-login-service";
  private static final String LOGIN_SERVICE = "org.eclipse.jetty.security.LoginService";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    return new HasClassNamed(LOGIN_SERVICE);
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Collections.singletonList(
        TypeInstrumentation.subtypesOf(
            Collections.singletonList(LOGIN_SERVICE),
            new AdviceBinding(
                named("login")
                    .and(not(isAbstract()))
                    .and(takesArguments(4))
                    .and(takesArgument(0, String.class))
                    .and(takesArgument(2, named("org.eclipse.jetty.server.Request")))
                    .and(returns(named("org.eclipse.jetty.security.UserIdentity"))),
                LoginServiceAdvice.class.getName())));
  }
}
