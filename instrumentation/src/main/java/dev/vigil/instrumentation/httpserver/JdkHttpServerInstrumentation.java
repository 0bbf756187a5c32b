package dev.vigil.instrumentation.httpserver;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.vigil.instrumentation.AdviceBinding;
import dev.vigil.instrumentation.InstrumentationModule;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * The JDK's built-in {@code com.sun.net.httpserver} server. Every exchange runs through
 * {@code Filter.Chain.doFilter}, first for the outer chain and then once per filter; the shared call
 * depth keeps only the outermost call.
 */
public final class JdkHttpServerInstrumentation implements InstrumentationModule {
  @Override
  public String name() {
    return JdkHttpServerReader.SERVER;
  }

  @Override
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    // the JDK module's classes are defined by the boot or platform loader, which the type matcher pins
    return ElementMatchers.any();
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named("com.sun.net.httpserver.Filter$Chain");
  }

  @Override
  public List<AdviceBinding> adviceBindings() {
    return Collections.singletonList(
        new AdviceBinding(
            named("doFilter").and(takesArguments(1)).and(takesArgument(0, named("com.sun.net.httpserver.HttpExchange"))),
            JdkHttpServerAdvice.class.getName()));
  }

  @Override
  public List<String> helperClassNames() {
    return Collections.singletonList(JdkHttpServerReader.class.getName());
  }

  @Override
  public String jdkModule() {
    return "jdk.httpserver";
  }
}
