package dev.vigil.agent.instrument;

import java.security.ProtectionDomain;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

/**
 * A module's type matcher, then its class-loader marker: the reverse of Byte Buddy's order. A type
 * below the module's root names implies its loader sees the library, so the marker (a resource
 * lookup that, when it misses, walks every jar of the loader — every nested jar of a Spring Boot
 * app) is only asked for the few types that match.
 */
final class TypeFirstMatcher implements AgentBuilder.RawMatcher {
  private final ElementMatcher<? super TypeDescription> types;
  private final ElementMatcher<? super ClassLoader> loaders;

  TypeFirstMatcher(ElementMatcher<? super TypeDescription> types, ElementMatcher<? super ClassLoader> loaders) {
    this.types = types;
    this.loaders = loaders;
  }

  @Override
  public boolean matches(TypeDescription type, ClassLoader loader, JavaModule module, Class<?> redefined, ProtectionDomain domain) {
    return types.matches(type) && loaders.matches(loader);
  }
}
