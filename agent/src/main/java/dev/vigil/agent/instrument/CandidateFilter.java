package dev.vigil.agent.instrument;

import dev.vigil.bootstrap.AgentLog;
import dev.vigil.instrumentation.AdviceBinding;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.objectweb.asm.ClassReader;

/**
 * The agent's class file transformer: it hands the weaver only the classes that can match — not
 * ignored by name, declaring a method an advice binding matches ({@link AdvisedMethodGate}), and at
 * or below one of the modules' root type names ({@link LoaderHierarchy}), with the roots they
 * reach. Every other class an app loads, nearly all of them, costs a name check and a scan of its
 * constant pool.
 */
final class CandidateFilter implements ClassFileTransformer {
  private final ClassWeaver weaver;
  private final AdvisedMethodGate gate;
  private final List<String> roots;
  private final Map<ClassLoader, LoaderHierarchy> byLoader = new WeakHashMap<ClassLoader, LoaderHierarchy>();
  private volatile LoaderHierarchy bootstrap;

  /** @param rootNames binary names ({@code a.b.C$D}) at or above every type the weaver advises, in the weaver's order */
  CandidateFilter(ClassWeaver weaver, List<String> rootNames, List<AdviceBinding> bindings) {
    this.weaver = weaver;
    this.gate = new AdvisedMethodGate(bindings);
    List<String> internal = new ArrayList<String>();
    for (String root : rootNames) {
      internal.add(root.replace('.', '/'));
    }
    this.roots = internal;
  }

  @Override
  public byte[] transform(ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain, byte[] classFile) {
    return transform(null, loader, name, redefined, domain, classFile);
  }

  /** What the JVM calls: the module tells whether woven code must be made to read its advice. */
  @Override
  public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain, byte[] classFile) {
    if (name == null || IgnoredTypes.ignores(name)) {
      return null;
    }
    ClassReader header;
    BitSet reached;
    try {
      if (!gate.namesAnAdvisedMethod(classFile)) {
        return null;
      }
      header = new ClassReader(classFile);
      if (!gate.declaresAdvisedMethod(header)) {
        return null;
      }
      reached = hierarchyOf(loader).reachedRoots(loader, name, header);
    } catch (RuntimeException | LinkageError unreadable) {
      AgentLog.errorOnce("match", "could not tell whether " + name.replace('/', '.') + " needs instrumenting; it runs unprotected", unreadable);
      return null;
    }
    return reached.isEmpty() ? null : weaver.weave(module, loader, name, domain, header, reached);
  }

  /** The same question for a class loaded before the agent came (attached at runtime). */
  boolean isCandidate(Class<?> loaded) {
    String name = loaded.getName().replace('.', '/');
    if (IgnoredTypes.ignores(name)) {
      return false;
    }
    try {
      return !hierarchyOf(loaded.getClassLoader()).reachedRoots(loaded).isEmpty();
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
