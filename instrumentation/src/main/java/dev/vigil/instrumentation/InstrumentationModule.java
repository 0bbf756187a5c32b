package dev.vigil.instrumentation;

import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * One instrumented library: which class loaders can hold it, which types and methods to advise,
 * and the advice class to inline. The agent turns these into Byte Buddy transformations; advice
 * classes are referenced by name so they are never loaded inside the agent class loader.
 */
public interface InstrumentationModule {
  /** Short name shown in the startup line, e.g. {@code jakarta-servlet}. */
  String name();

  /** Cheap pre-check: does this class loader see the library at all? */
  ElementMatcher<ClassLoader> classLoaderMatcher();

  ElementMatcher<TypeDescription> typeMatcher();

  List<AdviceBinding> adviceBindings();

  /**
   * The JDK module whose classes are advised, if the library lives in a named JDK module: advice
   * inlined there calls bootstrap classes, so that module must be made to read the unnamed module.
   */
  String jdkModule();

  /** Classes the advice calls that must be injected beside it into the instrumented class's loader. */
  default List<String> helperClassNames() {
    return java.util.Collections.emptyList();
  }
}
