package dev.vigil.agent.instrument;

import dev.vigil.bootstrap.AgentLog;
import dev.vigil.bootstrap.VigilHooks;
import dev.vigil.instrumentation.InstrumentationModule;
import dev.vigil.instrumentation.TypeInstrumentation;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Installs instrumentation modules as one class file transformer: advice referenced by class name
 * (advice and helper classes are never loaded here), class files never change shape so
 * retransformation is safe, and every failure is logged instead of swallowed. Matching is what an
 * app pays for at startup, for every class it loads, so it is kept cheap: names first ({@link
 * IgnoredTypes}), then the class file header against the modules' root type names ({@link
 * CandidateFilter}); only the few classes that pass are read in full and woven ({@link
 * AdviceWeaver}).
 */
public final class InstrumentationInstaller {
  private final Instrumentation instrumentation;
  private final ClassLoader agentLoader;
  private final boolean atStartup;

  /**
   * @param atStartup true from premain: no library class is loaded yet, so the (slow) pass over all
   *     loaded classes is skipped; false when attached at runtime, where it is the whole point
   */
  public InstrumentationInstaller(Instrumentation instrumentation, ClassLoader agentLoader, boolean atStartup) {
    this.instrumentation = instrumentation;
    this.agentLoader = agentLoader;
    this.atStartup = atStartup;
  }

  /**
   * The library modules listed in the instrumentation jar's {@code META-INF/services}, in their
   * listed order; the policy's login-methods module is the agent's to add.
   */
  public static List<InstrumentationModule> libraryModules(ClassLoader agentLoader) {
    List<InstrumentationModule> modules = new ArrayList<>();
    ServiceLoader.load(InstrumentationModule.class, agentLoader).forEach(modules::add);
    return modules;
  }

  public void install(List<InstrumentationModule> modules) {
    List<String> roots = TypeAdvice.rootsOf(modules);
    List<TypeAdvice> types = new ArrayList<>();
    for (InstrumentationModule module : modules) {
      openJdkModule(module);
      for (TypeInstrumentation type : module.typeInstrumentations()) {
        types.add(new TypeAdvice(module, type, roots));
      }
    }
    if (!modules.isEmpty()) {
      openClassLoaderDefinition();
    }
    AdviceWeaver weaver = new AdviceWeaver(types, new HelperInjector(instrumentation, agentLoader), new InstrumentationListener());
    CandidateFilter filter = new CandidateFilter(weaver, roots, TypeAdvice.bindingsOf(types));
    instrumentation.addTransformer(filter, !atStartup);
    if (!atStartup) {
      retransformLoaded(filter);
    }
  }

  /** Attached to a running JVM: the classes it has loaded already are woven now. */
  private void retransformLoaded(CandidateFilter filter) {
    for (Class<?> loaded : instrumentation.getAllLoadedClasses()) {
      if (!instrumentation.isModifiableClass(loaded) || loaded.isArray() || loaded.isPrimitive() || !filter.isCandidate(loaded)) {
        continue;
      }
      try {
        instrumentation.retransformClasses(loaded);
      } catch (Throwable t) {
        AgentLog.errorOnce("retransform", "could not instrument " + loaded.getName() + "; it runs unprotected", t);
      }
    }
  }

  /**
   * Woven code in a named JDK module calls its advice, defined in its loader's unnamed module (the
   * platform loader's for jdk.httpserver, the boot loader's, with the bootstrap classes, for
   * java.base), so the module must read that.
   */
  private void openJdkModule(InstrumentationModule instrumented) {
    if (instrumented.jdkModule() == null) {
      return;
    }
    ModuleLayer.boot()
        .findModule(instrumented.jdkModule())
        .ifPresent(
            module -> {
              Set<Module> reads = new HashSet<>();
              reads.add(VigilHooks.class.getModule());
              if (module.getClassLoader() != null) {
                reads.add(module.getClassLoader().getUnnamedModule());
              }
              instrumentation.redefineModule(module, reads, Map.of(), Map.of(), Set.of(), Map.of());
            });
  }

  /** {@link HelperInjector} defines helpers through {@code ClassLoader.defineClass}, which java.base keeps closed. */
  private void openClassLoaderDefinition() {
    instrumentation.redefineModule(
        Object.class.getModule(), Set.of(), Map.of(), Map.of("java.lang", Set.of(getClass().getModule())), Set.of(), Map.of());
  }
}
