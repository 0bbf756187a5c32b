package dev.vigil.agent.instrument;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.security.ProtectionDomain;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The agent's class file transformer: it hands the weaver only the classes that can match — not
 * ignored by name, and at or below one of the modules' root type names ({@link LoaderHierarchy}).
 * Every other class an app loads, nearly all of them, costs a name check and a class file header
 * instead of a type description and a pass through every matcher. When the header cannot be read
 * the class goes to the weaver, which decides from the full description.
 */
final class CandidateFilter implements ClassFileTransformer {
  private final ClassFileTransformer weaver;
  private final Set<String> roots;
  private final Map<ClassLoader, LoaderHierarchy> byLoader = new WeakHashMap<ClassLoader, LoaderHierarchy>();
  private volatile LoaderHierarchy bootstrap;

  /** @param rootNames binary names ({@code a.b.C$D}) at or above every type the weaver advises */
  CandidateFilter(ClassFileTransformer weaver, Set<String> rootNames) {
    this.weaver = weaver;
    Set<String> internal = new HashSet<String>();
    for (String root : rootNames) {
      internal.add(root.replace('.', '/'));
    }
    this.roots = internal;
  }

  @Override
  public byte[] transform(ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain, byte[] classFile)
      throws IllegalClassFormatException {
    return isCandidate(loader, name, classFile) ? weaver.transform(loader, name, redefined, domain, classFile) : null;
  }

  @Override
  public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain, byte[] classFile)
      throws IllegalClassFormatException {
    return isCandidate(loader, name, classFile) ? weaver.transform(module, loader, name, redefined, domain, classFile) : null;
  }

  boolean isCandidate(ClassLoader loader, String name, byte[] classFile) {
    if (name == null || IgnoredTypes.ignores(name)) {
      return false;
    }
    try {
      return hierarchyOf(loader).reachesRoot(loader, name, classFile);
    } catch (RuntimeException | LinkageError unreadable) {
      return true;
    }
  }

  /** The same question for a class loaded before the agent came (attached at runtime). */
  boolean isCandidate(Class<?> loaded) {
    String name = loaded.getName().replace('.', '/');
    if (IgnoredTypes.ignores(name)) {
      return false;
    }
    try {
      return hierarchyOf(loaded.getClassLoader()).reachesRoot(loaded.getClassLoader(), name);
    } catch (RuntimeException | LinkageError unreadable) {
      return true;
    }
  }

  private LoaderHierarchy hierarchyOf(ClassLoader loader) {
    if (loader == null) {
      LoaderHierarchy known = bootstrap;
      if (known == null) {
        known = new LoaderHierarchy(roots);
        bootstrap = known;
      }
      return known;
    }
    // the answers never hold their loader, or the weak map would keep every loader alive
    synchronized (byLoader) {
      LoaderHierarchy known = byLoader.get(loader);
      if (known == null) {
        known = new LoaderHierarchy(roots);
        byLoader.put(loader, known);
      }
      return known;
    }
  }
}
