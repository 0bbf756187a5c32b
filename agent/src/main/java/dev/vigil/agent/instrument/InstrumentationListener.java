package dev.vigil.agent.instrument;

import dev.vigil.bootstrap.AgentLog;
import dev.vigil.instrumentation.InstrumentationModule;
import dev.vigil.instrumentation.TypeInstrumentation;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

/**
 * Tells the user once per module when protection actually took hold ("what got instrumented"),
 * and reports transformation failures rather than dropping them. Only transformed types are
 * matched again here, so the cost is a few matches per instrumented class.
 */
final class InstrumentationListener extends AgentBuilder.Listener.Adapter {
  private final List<InstrumentationModule> modules;
  private final Set<String> announced = ConcurrentHashMap.newKeySet();

  InstrumentationListener(List<InstrumentationModule> modules) {
    this.modules = modules;
  }

  @Override
  public void onTransformation(
      TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded, DynamicType dynamicType) {
    for (InstrumentationModule candidate : modules) {
      if (!announced.contains(candidate.name()) && advises(candidate, type) && announced.add(candidate.name())) {
        AgentLog.info("instrumented " + candidate.name() + " (first type: " + type.getName() + ")");
      }
    }
  }

  private static boolean advises(InstrumentationModule candidate, TypeDescription type) {
    for (TypeInstrumentation instrumentation : candidate.typeInstrumentations()) {
      if (instrumentation.typeMatcher().matches(type)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable throwable) {
    AgentLog.errorOnce("instrument", "could not instrument " + typeName + "; it runs unprotected", throwable);
  }
}
