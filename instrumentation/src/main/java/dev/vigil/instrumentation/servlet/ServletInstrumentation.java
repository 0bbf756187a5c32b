package dev.vigil.instrumentation.servlet;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.vigil.instrumentation.AdviceBinding;
import dev.vigil.instrumentation.HasClassNamed;
import dev.vigil.instrumentation.InstrumentationModule;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The outermost servlet entry, {@code Filter.doFilter} and {@code Servlet.service}, for one
 * namespace. The same matcher serves {@code javax.servlet} and {@code jakarta.servlet}; only the
 * advice class differs, because advice must be compiled against the namespace's own types.
 */
public final class ServletInstrumentation implements InstrumentationModule {
  private final String name;
  private final String basePackage;
  private final String adviceClassName;
  private final String readerClassName;

  private ServletInstrumentation(String name, String basePackage, String adviceClassName, String readerClassName) {
    this.name = name;
    this.basePackage = basePackage;
    this.adviceClassName = adviceClassName;
    this.readerClassName = readerClassName;
  }

  public static ServletInstrumentation jakarta() {
    return new ServletInstrumentation(JakartaServletReader.SERVER, "jakarta.servlet", JakartaServletAdvice.class.getName(), JakartaServletReader.class.getName());
  }

  public static ServletInstrumentation javax() {
    return new ServletInstrumentation(JavaxServletReader.SERVER, "javax.servlet", JavaxServletAdvice.class.getName(), JavaxServletReader.class.getName());
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    return new HasClassNamed(basePackage + ".Filter");
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return not(isInterface())
        .and(hasSuperType(named(basePackage + ".Filter")).or(hasSuperType(named(basePackage + ".Servlet"))));
  }

  @Override
  public List<AdviceBinding> adviceBindings() {
    String request = basePackage + ".ServletRequest";
    String response = basePackage + ".ServletResponse";
    return Arrays.asList(
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
            adviceClassName));
  }

  @Override
  public List<String> helperClassNames() {
    return java.util.Collections.singletonList(readerClassName);
  }

  @Override
  public String jdkModule() {
    return null;
  }
}
