package dev.vigil.instrumentation;

import java.util.Collections;
import java.util.List;

/**
 * One instrumented library: the types it advises and how, and the helper classes its advice calls.
 * The agent finds modules with {@link java.util.ServiceLoader} (listed in {@code
 * META-INF/services}, in the order the startup line prints them) and weaves calls to their advice
 * into the matching classes; advice and helpers are referenced by name so they are never loaded
 * inside the agent class loader.
 */
public interface InstrumentationModule {
  /** Short name shown in the startup line, e.g. {@code jakarta-servlet}: each module's own constant. */
  String name();

  List<TypeInstrumentation> typeInstrumentations();

  /**
   * Classes of this module (by name) that its advice calls, besides the advice classes themselves:
   * defined with them in each advised class's own loader before that class, so they can use the
   * library's types. Only JDK, library and bootstrap types may appear in them, as in advice.
   */
  default List<String> helperClassNames() {
    return Collections.emptyList();
  }

  /**
   * The JDK module whose classes are advised, if the library lives in a named JDK module: its woven
   * code calls the advice (and the advice bootstrap classes), so that module must be made to read
   * them.
   */
  default String jdkModule() {
    return null;
  }
}
