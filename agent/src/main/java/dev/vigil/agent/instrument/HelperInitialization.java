package dev.vigil.agent.instrument;

import java.security.ProtectionDomain;
import java.util.Map;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;

/**
 * Injects the helper classes a transformation requires (the modules' {@code helperClassNames}, added
 * as Byte Buddy auxiliaries) into the instrumented class's loader before that class is defined. It
 * adds nothing to the class itself, so class files keep their shape and retransformation stays safe:
 * Byte Buddy's own minimal strategy would skip helpers, its self-injection would add a field.
 */
final class HelperInitialization implements AgentBuilder.InitializationStrategy, AgentBuilder.InitializationStrategy.Dispatcher {
  @Override
  public AgentBuilder.InitializationStrategy.Dispatcher dispatcher() {
    return this;
  }

  @Override
  public DynamicType.Builder<?> apply(DynamicType.Builder<?> builder) {
    return builder;
  }

  @Override
  public void register(DynamicType dynamicType, ClassLoader loader, ProtectionDomain protectionDomain, AgentBuilder.InjectionStrategy injection) {
    Map<TypeDescription, byte[]> helpers = dynamicType.getAuxiliaryTypes();
    if (!helpers.isEmpty()) {
      injection.resolve(loader, protectionDomain).inject(helpers);
    }
  }
}
