package dev.vigil.agent.instrument;

import java.io.IOException;
import java.io.InputStream;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.ClassReader;

/**
 * What one class loader's classes extend, as far as the instrumentation cares: which of the modules'
 * root names are at or above a class? The class being defined is read from its class file header
 * (super class and interfaces: no methods, no signatures), and so is each super type, from the
 * loader's resources; every answer is remembered per name, so each type is read at most once per
 * loader. A super type is never loaded here: the JVM does not hand a class loaded from inside a
 * class file transformer to the transformer, so a super type loaded early would never be woven (one
 * without a class file, generated and so loaded already, is found among the loaded classes). As the
 * filter asks only about classes that declare an advised method, the reading is rare. All names are
 * internal ({@code a/b/C}).
 */
final class LoaderHierarchy {
  /** Enough for the types of a big app; an answer costs a name and a map entry. */
  static final int NAMES_REMEMBERED = 50_000;
  /** A class file hierarchy is never this deep; a cycle (a broken class path) stops here. */
  private static final int MAX_DEPTH = 64;
  private static final String JDK = "java/";
  /** Shared by every type that reaches no root (nearly all): never modified. */
  private static final BitSet NONE = new BitSet();

  private final List<String> roots;
  private final boolean rootsInJdk;
  private final ConcurrentHashMap<String, BitSet> known = new ConcurrentHashMap<String, BitSet>();

  /**
   * @param roots internal names; bit {@code i} of an answer is {@code roots.get(i)}. The loader is
   *     passed to each question, never held: the answers are kept in a map weak by loader.
   */
  LoaderHierarchy(List<String> roots) {
    this.roots = roots;
    boolean jdk = false;
    for (String root : roots) {
      jdk |= root.startsWith(JDK);
    }
    this.rootsInJdk = jdk;
  }

  /** The roots at or above the class being defined from {@code header}; callers never modify it. */
  BitSet reachedRoots(ClassLoader loader, String name, ClassReader header) {
    BitSet answer = known.get(name);
    if (answer == null) {
      answer = union(own(name), header.getSuperName(), header.getInterfaces(), loader, 0);
      remember(name, answer);
    }
    return answer;
  }

  /** The same for a class the loader has defined already (attached at runtime): its loaded super types tell. */
  BitSet reachedRoots(Class<?> loaded) {
    return reachedRoots(loaded, 0);
  }

  private BitSet reachedRoots(Class<?> type, int depth) {
    String name = internal(type);
    if (skipped(name, depth)) {
      return NONE;
    }
    BitSet answer = known.get(name);
    if (answer == null) {
      BitSet reached = own(name);
      if (type.getSuperclass() != null) {
        reached = or(reached, reachedRoots(type.getSuperclass(), depth + 1));
      }
      for (Class<?> implemented : type.getInterfaces()) {
        reached = or(reached, reachedRoots(implemented, depth + 1));
      }
      answer = reached;
      remember(name, answer);
    }
    return answer;
  }

  private BitSet reachedRoots(ClassLoader loader, String name, int depth) {
    if (skipped(name, depth)) {
      return NONE;
    }
    BitSet answer = known.get(name);
    if (answer == null) {
      ClassReader header = classFile(loader, name);
      answer = header != null ? union(own(name), header.getSuperName(), header.getInterfaces(), loader, depth) : withoutClassFile(loader, name, depth);
      remember(name, answer);
    }
    return answer;
  }

  /**
   * A super type with no class file to read: generated at run time (a proxy, a class defined through
   * a lookup), so loaded already, by this loader or a parent, and its {@code Class} tells; or not on
   * this loader's class path (an optional dependency the app lacks): nothing above it can match, and
   * the JVM reports the missing type itself when it defines the class below. Nothing is loaded.
   */
  private BitSet withoutClassFile(ClassLoader loader, String name, int depth) {
    Class<?> loaded = LoadedClasses.find(loader, name.replace('/', '.'));
    return loaded != null ? reachedRoots(loaded, depth) : own(name);
  }

  private boolean skipped(String name, int depth) {
    return (name.startsWith(JDK) && !rootsInJdk) || depth > MAX_DEPTH;
  }

  private static ClassReader classFile(ClassLoader loader, String name) {
    String resource = name + ".class";
    try (InputStream in = loader == null ? ClassLoader.getSystemResourceAsStream(resource) : loader.getResourceAsStream(resource)) {
      return in == null ? null : new ClassReader(in);
    } catch (IOException | RuntimeException unreadable) {
      return null;
    }
  }

  private BitSet union(BitSet own, String superName, String[] interfaces, ClassLoader loader, int depth) {
    BitSet reached = own;
    if (superName != null) {
      reached = or(reached, reachedRoots(loader, superName, depth + 1));
    }
    for (String implemented : interfaces) {
      reached = or(reached, reachedRoots(loader, implemented, depth + 1));
    }
    return reached;
  }

  private BitSet own(String name) {
    int index = roots.indexOf(name);
    if (index < 0) {
      return NONE;
    }
    BitSet root = new BitSet();
    root.set(index);
    return root;
  }

  /** Copies before it adds: answers are shared between names. */
  private static BitSet or(BitSet reached, BitSet more) {
    if (more.isEmpty()) {
      return reached;
    }
    if (reached.isEmpty()) {
      return more;
    }
    BitSet union = (BitSet) reached.clone();
    union.or(more);
    return union;
  }

  /** Past the cap the answers start over: each is only ever recomputed, never wrong. */
  private void remember(String name, BitSet answer) {
    if (known.size() >= NAMES_REMEMBERED) {
      known.clear();
    }
    known.put(name, answer);
  }

  private static String internal(Class<?> type) {
    return type.getName().replace('.', '/');
  }
}
