package dev.vigil.instrumentation;

import java.util.Collections;
import java.util.List;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * One instrumented library: which class loaders can hold it, the types it advises and how, and the
 * helper classes its advice calls. The agent finds modules with {@link java.util.ServiceLoader}
 * (listed in {@code META-INF/services}, in the order the startup line prints them) and turns them
 * into Byte Buddy transformations; advice and helpers are referenced by name so they are never
 * loaded inside the agent class loader.
 */
public interface InstrumentationModule {
  /** Short name shown in the startup line, e.g. {@code jakarta-servlet}: each module's own constant. */
  String name();

  /**
   * Cheap pre-check, asked before any type matcher and cached per loader: does this class loader
   * see the library at all?
   */
  ElementMatcher<ClassLoader> classLoaderMatcher();

  List<TypeInstrumentation> typeInstrumentations();

  /**
   * Classes of this module (by name) that its advice calls: defined in each instrumented class's
   * own loader before that class, so they can use the library's types. Only JDK, library and
   * bootstrap types may appear in them, as in advice.
   */
  default List<String> helperClassNames() {
    return Collections.emptyList();
  }

  /**
   * The JDK module whose classes are advised, if the library lives in a named JDK module: advice
   * inlined there calls bootstrap classes (and helpers), so that module must be made to read them.
   */
  default String jdkModule() {
    return null;
  }

  /** For modules whose types only the JDK defines: the type matcher alone pins the loader. */
  static ElementMatcher<ClassLoader> anyLoader() {
    return ElementMatchers.any();
  }
}
