package dev.vigil.instrumentation.httpserver;

import dev.vigil.instrumentation.AdviceArgument;
import dev.vigil.instrumentation.AdviceBinding;
import dev.vigil.instrumentation.InstrumentationModule;
import dev.vigil.instrumentation.MethodMatcher;
import dev.vigil.instrumentation.TypeInstrumentation;
import java.util.Collections;
import java.util.List;

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
  public List<TypeInstrumentation> typeInstrumentations() {
    return Collections.singletonList(
        TypeInstrumentation.named(
            "com.sun.net.httpserver.Filter$Chain",
            new AdviceBinding(
                    MethodMatcher.named("doFilter").takingArguments(1).withArgument(0, "com.sun.net.httpserver.HttpExchange"),
                    JdkHttpServerAdvice.class.getName())
                .enterWith(AdviceArgument.argument(0))
                .exitWith(AdviceArgument.argument(0))
                .skipping()));
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
