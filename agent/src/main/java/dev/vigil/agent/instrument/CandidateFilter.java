package dev.vigil.agent.instrument;

import java.lang.instrument.IllegalClassFormatException;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Stands in front of Byte Buddy's transformer and hands it only the classes that can match: not
 * ignored by name, defined by a loader some module applies to (its marker class), and at or below
 * one of that module's root type names ({@link LoaderHierarchy}). Every other class an app loads —
 * nearly all of them — costs a name check and a class file header instead of a full type
 * description, a type pool and a pass through every matcher. When the header cannot be read the
 * class goes to Byte Buddy, which decides as it always did.
 */
final class CandidateFilter extends ResettableClassFileTransformer.WithDelegation {
  /** Per module's class-loader matcher (the installer's own instances, whose answers are cached), its root names. */
  private final Map<ElementMatcher<ClassLoader>, Set<String>> rootsByLoaders;
  private final Map<ClassLoader, LoaderHierarchy> byLoader = Collections.synchronizedMap(new WeakHashMap<ClassLoader, LoaderHierarchy>());
  private volatile LoaderHierarchy bootstrap;

  CandidateFilter(ResettableClassFileTransformer byteBuddy, Map<ElementMatcher<ClassLoader>, Set<String>> rootsByLoaders) {
    super(byteBuddy);
    this.rootsByLoaders = rootsByLoaders;
  }

  /** Decorates the transformer an {@link AgentBuilder} installs; root names in binary form ({@code a.b.C$D}). */
  static AgentBuilder.TransformerDecorator in(Map<ElementMatcher<ClassLoader>, Set<String>> rootsByLoaders) {
    final Map<ElementMatcher<ClassLoader>, Set<String>> internal = new LinkedHashMap<ElementMatcher<ClassLoader>, Set<String>>();
    for (Map.Entry<ElementMatcher<ClassLoader>, Set<String>> entry : rootsByLoaders.entrySet()) {
      Set<String> roots = new LinkedHashSet<String>();
      for (String root : entry.getValue()) {
        roots.add(root.replace('.', '/'));
      }
      internal.put(entry.getKey(), roots);
    }
    return new AgentBuilder.TransformerDecorator() {
      @Override
      public ResettableClassFileTransformer decorate(ResettableClassFileTransformer byteBuddy) {
        return new CandidateFilter(byteBuddy, internal);
      }
    };
  }

  @Override
  public byte[] transform(ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain, byte[] classFile)
      throws IllegalClassFormatException {
    return isCandidate(loader, name, classFile) ? classFileTransformer.transform(loader, name, redefined, domain, classFile) : null;
  }

  @Override
  public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain, byte[] classFile)
      throws IllegalClassFormatException {
    return isCandidate(loader, name, classFile) ? classFileTransformer.transform(module, loader, name, redefined, domain, classFile) : null;
  }

  boolean isCandidate(ClassLoader loader, String name, byte[] classFile) {
    if (name == null || IgnoredTypes.ignores(name)) {
      return false;
    }
    try {
      LoaderHierarchy hierarchy = hierarchyOf(loader);
      return hierarchy.hasRoots() && hierarchy.reachesRoot(name, classFile);
    } catch (RuntimeException | LinkageError unreadable) {
      return true;
    }
  }

  private LoaderHierarchy hierarchyOf(ClassLoader loader) {
    if (loader == null) {
      LoaderHierarchy known = bootstrap;
      if (known == null) {
        known = new LoaderHierarchy(null, rootsFor(null));
        bootstrap = known;
      }
      return known;
    }
    LoaderHierarchy known = byLoader.get(loader);
    if (known == null) {
      known = new LoaderHierarchy(loader, rootsFor(loader));
      byLoader.put(loader, known);
    }
    return known;
  }

  /** The root names of every module whose marker this loader sees. */
  private Set<String> rootsFor(ClassLoader loader) {
    Set<String> roots = new HashSet<String>();
    for (Map.Entry<ElementMatcher<ClassLoader>, Set<String>> entry : rootsByLoaders.entrySet()) {
      if (entry.getKey().matches(loader)) {
        roots.addAll(entry.getValue());
      }
    }
    return roots;
  }
}
