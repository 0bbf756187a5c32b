package dev.vigil.instrumentation.servlet;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.vigil.instrumentation.AdviceBinding;
import dev.vigil.instrumentation.HasClassNamed;
import dev.vigil.instrumentation.InstrumentationModule;
import dev.vigil.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.matcher.ElementMatcher;

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

  /** The namespace's reader, which the advice calls to build each request's context. */
  @Override
  public final List<String> helperClassNames() {
    return Collections.singletonList(readerClassName);
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final ElementMatcher<ClassLoader> classLoaderMatcher() {
    return new HasClassNamed(basePackage + ".Filter");
  }

  @Override
  public final List<TypeInstrumentation> typeInstrumentations() {
    String request = basePackage + ".ServletRequest";
    String response = basePackage + ".ServletResponse";
    return Collections.singletonList(
        TypeInstrumentation.subtypesOf(
            Arrays.asList(basePackage + ".Filter", basePackage + ".Servlet"),
            new AdviceBinding(
                named("doFilter")
                    .and(isPublic())
                    .and(not(isAbstract()))
                    .and(takesArguments(3))
                    .and(takesArgument(0, named(request)))
                    .and(takesArgument(1, named(response)))
                    .and(takesArgument(2, named(basePackage + ".FilterChain"))),
                adviceClassName),
            new AdviceBinding(
                named("service")
                    .and(isPublic())
                    .and(not(isAbstract()))
                    .and(takesArguments(2))
                    .and(takesArgument(0, named(request)))
                    .and(takesArgument(1, named(response))),
                adviceClassName)));
  }
}
