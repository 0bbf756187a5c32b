package dev.vigil.instrumentation.jaas;

import static net.bytebuddy.matcher.ElementMatchers.isBootstrapClassLoader;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.vigil.instrumentation.AdviceBinding;
import dev.vigil.instrumentation.InstrumentationModule;
import dev.vigil.instrumentation.TypeInstrumentation;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * JAAS: {@code javax.security.auth.login.LoginContext.login()}, which runs every configured
 * LoginModule (so every password check) of an application, a container realm or a framework built
 * on JAAS. LoginContext is a java.base class: the boot loader defines it, and the advice inlined
 * there calls bootstrap classes, so java.base is made to read them. It is loaded on first use, after
 * the agent has started, so the ordinary load-time transformation covers it.
 */
public final class JaasModule implements InstrumentationModule {
  public static final String NAME = "jaas";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    return isBootstrapClassLoader();
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Collections.singletonList(
        TypeInstrumentation.named(
            "javax.security.auth.login.LoginContext",
            new AdviceBinding(named("login").and(isPublic()).and(takesArguments(0)), LoginContextAdvice.class.getName())));
  }

  @Override
  public String jdkModule() {
    return "java.base";
  }
}
