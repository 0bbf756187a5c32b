package dev.vigil.agent.instrument;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.TypeResolutionStrategy;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.JavaModule;

/**
 * Byte Buddy's part, for the classes {@link CandidateFilter} lets through: describe the class from
 * its bytes, inline the advice of every type instrumentation that matches (decorating: fields and
 * methods stay as they are, so retransformation is safe), define the modules' helpers in its loader
 * first, and report. It is what Byte Buddy's {@code AgentBuilder} does for each class, without its
 * installation: that generates a transformer class of its own at start and loads some eight hundred
 * classes to do so, a fifth of a second of every app's startup before any class is matched.
 */
final class AdviceWeaver implements ClassFileTransformer {
  private final ByteBuddy byteBuddy = new ByteBuddy().with(TypeValidation.DISABLED).with(Implementation.Context.Disabled.Factory.INSTANCE);
  private final List<AgentBuilder.RawMatcher> matchers = new ArrayList<AgentBuilder.RawMatcher>();
  private final List<AgentBuilder.Transformer> transformers = new ArrayList<AgentBuilder.Transformer>();
  /** Names were checked by the filter ({@link IgnoredTypes}); what only the description tells is left. */
  private final ElementMatcher<TypeDescription> ignored = ElementMatchers.isSynthetic();
  /** Types are described from their own bytes and their loaded super types ({@link LoadedTypesFirst}). */
  private final CachedTypePools pools = new CachedTypePools(true);
  private final AgentBuilder.InjectionStrategy helpers;
  private final InstrumentationListener listener;
  /** A class loaded while another is woven on the same thread is left alone, as Byte Buddy's circularity lock does. */
  private final ThreadLocal<Boolean> weaving = new ThreadLocal<Boolean>();

  AdviceWeaver(AgentBuilder.InjectionStrategy helpers, InstrumentationListener listener) {
    this.helpers = helpers;
    this.listener = listener;
  }

  void add(AgentBuilder.RawMatcher matcher, AgentBuilder.Transformer transformer) {
    matchers.add(matcher);
    transformers.add(transformer);
  }

  @Override
  public byte[] transform(ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain, byte[] classFile) {
    return weave(null, loader, name, redefined, domain, classFile);
  }

  @Override
  public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain, byte[] classFile) {
    return weave(JavaModule.of(module), loader, name, redefined, domain, classFile);
  }

  private byte[] weave(JavaModule module, ClassLoader loader, String internalName, Class<?> redefined, ProtectionDomain domain, byte[] classFile) {
    if (weaving.get() != null) {
      return null;
    }
    weaving.set(Boolean.TRUE);
    String name = internalName.replace('/', '.');
    try {
      ClassFileLocator locator =
          new ClassFileLocator.Compound(
              ClassFileLocator.Simple.of(name, classFile),
              loader == null ? ClassFileLocator.ForClassLoader.ofBootLoader() : ClassFileLocator.ForClassLoader.WeaklyReferenced.of(loader));
      TypePool pool = pools.typePool(locator, loader, name);
      TypeDescription type = pool.describe(name).resolve();
      if (ignored.matches(type)) {
        return null;
      }
      DynamicType.Builder<?> builder = null;
      for (int i = 0; i < matchers.size(); i++) {
        if (matchers.get(i).matches(type, loader, module, redefined, domain)) {
          builder = transformers.get(i).transform(builder == null ? byteBuddy.decorate(type, locator) : builder, type, loader, module, domain);
        }
      }
      if (builder == null) {
        return null;
      }
      DynamicType.Unloaded<?> woven = builder.make(TypeResolutionStrategy.Disabled.INSTANCE, pool);
      Map<TypeDescription, byte[]> auxiliaries = woven.getAuxiliaryTypes();
      if (!auxiliaries.isEmpty()) {
        helpers.resolve(loader, domain).inject(auxiliaries);
      }
      listener.onTransformation(type, loader, module, redefined != null, woven);
      return woven.getBytes();
    } catch (Throwable t) {
      listener.onError(name, loader, module, redefined != null, t);
      return null;
    } finally {
      weaving.remove();
    }
  }
}
