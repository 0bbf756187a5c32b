package dev.vigil.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameContains;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

import dev.vigil.bootstrap.AgentLog;
import dev.vigil.bootstrap.VigilHooks;
import dev.vigil.instrumentation.AdviceBinding;
import dev.vigil.instrumentation.InstrumentationModule;
import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.bytecode.member.MethodInvocation;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * Turns instrumentation modules into one Byte Buddy agent: advice applied by class name (the advice
 * classes are never loaded here), class files never change shape so retransformation is safe, and
 * every failure is logged instead of swallowed.
 */
public final class Instrumenter {
  private final Instrumentation instrumentation;
  private final ClassLoader agentLoader;

  private final boolean atStartup;

  /**
   * @param atStartup true from premain: no library class is loaded yet, so the (slow) pass over all
   *     loaded classes is skipped; false when attached at runtime, where it is the whole point
   */
  public Instrumenter(Instrumentation instrumentation, ClassLoader agentLoader, boolean atStartup) {
    this.instrumentation = instrumentation;
    this.agentLoader = agentLoader;
    this.atStartup = atStartup;
  }

  public void install(List<InstrumentationModule> modules) {
    openClassLoaderDefineClass();
    Advice.ExceptionHandler toAgentLog =
        new Advice.ExceptionHandler.Simple(
            MethodInvocation.invoke(
                TypeDescription.ForLoadedType.of(AgentLog.class)
                    .getDeclaredMethods()
                    .filter(ElementMatchers.named("adviceError"))
                    .getOnly()));
    AgentBuilder builder =
        new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
            .disableClassFormatChanges()
            .with(atStartup ? AgentBuilder.RedefinitionStrategy.DISABLED : AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
            .with(AgentBuilder.TypeStrategy.Default.DECORATE)
            .with(AgentBuilder.DescriptionStrategy.Default.POOL_ONLY)
            .with(new InstrumentationListener(modules))
            .ignore(
                nameStartsWith("dev.vigil.")
                    .or(nameStartsWith("net.bytebuddy."))
                    .or(nameStartsWith("java."))
                    .or(nameStartsWith("jdk.internal."))
                    .or(nameStartsWith("sun."))
                    .or(nameStartsWith("jdk.proxy"))
                    .or(nameStartsWith("com.sun.proxy."))
                    // other agents' own helpers (the OpenTelemetry Java agent injects servlet
                    // accessors into the app's loader): never the app's entry points
                    .or(nameStartsWith("io.opentelemetry.javaagent."))
                    .or(nameStartsWith("datadog.trace."))
                    .or(nameStartsWith("co.elastic.apm."))
                    .or(nameContains("$Proxy"))
                    .or(isSynthetic()));
    for (InstrumentationModule module : modules) {
      openJdkModule(module.jdkModule());
      AgentBuilder.Transformer.ForAdvice transformer =
          new AgentBuilder.Transformer.ForAdvice()
              .include(agentLoader)
              .withExceptionHandler(toAgentLog);
      for (AdviceBinding binding : module.adviceBindings()) {
        transformer = transformer.advice(binding.methods(), binding.adviceClassName());
      }
      builder =
          builder
              .type(module.typeMatcher(), module.classLoaderMatcher())
              .transform(new HelperInjector(module.helperClassNames(), agentLoader))
              .transform(transformer);
    }
    builder.installOn(instrumentation);
  }

  /**
   * Injecting a helper means calling {@code ClassLoader.defineClass} on the app's loader: java.lang is
   * opened to the agent's own (unnamed) module only, so neither Unsafe nor the app is involved.
   */
  private void openClassLoaderDefineClass() {
    Module javaBase = Object.class.getModule();
    instrumentation.redefineModule(
        javaBase, Set.of(), Map.of(), Map.of("java.lang", Set.of(Instrumenter.class.getModule())), Set.of(), Map.of());
  }

  /**
   * Advice inlined into a named JDK module calls bootstrap classes and the helpers injected into the
   * module's own loader, so the module must read both unnamed modules.
   */
  private void openJdkModule(String name) {
    if (name == null) {
      return;
    }
    ModuleLayer.boot()
        .findModule(name)
        .ifPresent(
            module ->
                instrumentation.redefineModule(
                    module,
                    module.getClassLoader() == null
                        ? Set.of(VigilHooks.class.getModule())
                        : Set.of(VigilHooks.class.getModule(), module.getClassLoader().getUnnamedModule()),
                    Map.of(),
                    Map.of(),
                    Set.of(),
                    Map.of()));
  }
}
