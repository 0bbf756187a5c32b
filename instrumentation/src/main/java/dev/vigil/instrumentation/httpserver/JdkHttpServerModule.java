package dev.vigil.instrumentation.httpserver;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.vigil.instrumentation.AdviceBinding;
import dev.vigil.instrumentation.InstrumentationModule;
import dev.vigil.instrumentation.TypeInstrumentation;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The JDK's built-in {@code com.sun.net.httpserver} server. Every exchange runs through
 * {@code Filter.Chain.doFilter}, first for the outer chain and then once per filter; the shared call
 * depth keeps only the outermost call.
 */
public final class JdkHttpServerModule implements InstrumentationModule {
  public static final String NAME = "jdk-httpserver";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    // the JDK module's classes are defined by the boot or platform loader, which the type matcher pins
    return InstrumentationModule.anyLoader();
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Collections.singletonList(
        TypeInstrumentation.named(
            "com.sun.net.httpserver.Filter$Chain",
            new AdviceBinding(
                named("doFilter").and(takesArguments(1)).and(takesArgument(0, named("com.sun.net.httpserver.HttpExchange"))),
                JdkHttpServerAdvice.class.getName())));
  }

  /** The reader the advice calls to build each exchange's context. */
  @Override
  public List<String> helperClassNames() {
    return Collections.singletonList(JdkHttpServerReader.class.getName());
  }

  @Override
  public String jdkModule() {
    return "jdk.httpserver";
  }
}
