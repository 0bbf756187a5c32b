package dev.vigil.instrumentation.servlet;

import dev.vigil.instrumentation.AdviceArgument;
import dev.vigil.instrumentation.AdviceBinding;
import dev.vigil.instrumentation.MethodMatcher;
import dev.vigil.instrumentation.InstrumentationModule;
import dev.vigil.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The outermost servlet entry, {@code Filter.doFilter} and {@code Servlet.service}, for one
 * namespace. The same matchers serve {@code javax.servlet} and {@code jakarta.servlet}; only the
 * advice class differs, because advice must be compiled against the namespace's own types.
 */
abstract class ServletModule implements InstrumentationModule {
  private final String name;
  private final String basePackage;
  private final String adviceClassName;
  private final String readerClassName;

  ServletModule(String name, String basePackage, String adviceClassName, String readerClassName) {
    this.name = name;
    this.basePackage = basePackage;
    this.adviceClassName = adviceClassName;
    this.readerClassName = readerClassName;
  }

  /** The namespace's reader, which the advice calls to build each request's context, and what it reads response sizes with. */
  @Override
  public final List<String> helperClassNames() {
    return Arrays.asList(readerClassName, WrittenBytes.class.getName());
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final List<TypeInstrumentation> typeInstrumentations() {
    String request = basePackage + ".ServletRequest";
    String response = basePackage + ".ServletResponse";
    return Collections.singletonList(
        TypeInstrumentation.subtypesOf(
            Arrays.asList(basePackage + ".Filter", basePackage + ".Servlet"),
            advice(MethodMatcher.named("doFilter").publicOnly().takingArguments(3)
                .withArgument(0, request).withArgument(1, response).withArgument(2, basePackage + ".FilterChain")),
            advice(MethodMatcher.named("service").publicOnly().takingArguments(2).withArgument(0, request).withArgument(1, response))));
  }

  private AdviceBinding advice(MethodMatcher methods) {
    AdviceArgument request = AdviceArgument.argument(0);
    AdviceArgument response = AdviceArgument.argument(1);
    return new AdviceBinding(methods, adviceClassName).enterWith(request, response).exitWith(request, response).skipping();
  }
}
