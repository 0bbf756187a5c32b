package dev.vigil.agent.instrument;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.jar.asm.ClassReader;

/**
 * What one class loader's classes extend, as far as the instrumentation cares: does a class have one
 * of the modules' root names at or above it? The class being defined is read from its class file
 * header (super class and interfaces: no methods, no signatures); its super types through their
 * {@code Class}, and every answer is remembered per name, so each type is looked at once per loader.
 *
 * <p>The JVM hands a class to the transformer before it loads the class's super class and
 * interfaces, and loads them right after, whatever the transformer does. So a super type not loaded
 * yet is loaded here ({@code Class.forName(name, false, loader)}: the same loader, the same thread,
 * no initialisation), a moment earlier than the JVM would: nothing is loaded that would not have
 * been, and its class file is not read twice — reading it from the loader's resources, as Byte
 * Buddy's type pool does, walks every parent loader and, in a Spring Boot jar, a nested jar, and was
 * most of what matching cost an app's startup. All names are internal ({@code a/b/C}).
 */
final class LoaderHierarchy {
  /** Enough for the types of a big app; an answer costs a name and a map entry. */
  static final int NAMES_REMEMBERED = 50_000;
  /** A class file hierarchy is never this deep; a cycle (a broken class path) stops here. */
  private static final int MAX_DEPTH = 64;
  private static final String JDK = "java/";

  private final Set<String> roots;
  private final boolean rootsInJdk;
  private final ConcurrentHashMap<String, Boolean> known = new ConcurrentHashMap<String, Boolean>();

  /**
   * @param roots internal names; a class at or below one of them is a candidate. The loader is
   *     passed to each question, never held: the answers are kept in a map weak by loader.
   */
  LoaderHierarchy(Set<String> roots) {
    this.roots = roots;
    boolean jdk = false;
    for (String root : roots) {
      jdk |= root.startsWith(JDK);
    }
    this.rootsInJdk = jdk;
  }

  /** Whether the class being defined from {@code classFile} is a root or has one above it. */
  boolean reachesRoot(ClassLoader loader, String name, byte[] classFile) {
    if (roots.contains(name)) {
      return true;
    }
    Boolean answer = remembered(name);
    if (answer == null) {
      answer = anyReachesRoot(loader, new ClassReader(classFile), 0);
      remember(name, answer);
    }
    return answer;
  }

  /** The same for a class the loader has defined already. */
  boolean reachesRoot(ClassLoader loader, String name) {
    return reachesRoot(loader, name, 0);
  }

  private boolean reachesRoot(ClassLoader loader, String name, int depth) {
    if (roots.contains(name)) {
      return true;
    }
    if ((name.startsWith(JDK) && !rootsInJdk) || depth > MAX_DEPTH) {
      return false;
    }
    Boolean answer = remembered(name);
    if (answer == null) {
      answer = computeAbove(loader, name, depth);
      remember(name, answer);
    }
    return answer;
  }

  private boolean computeAbove(ClassLoader loader, String name, int depth) {
    Class<?> type;
    try {
      type = Class.forName(name.replace('/', '.'), false, loader);
    } catch (ClassNotFoundException | LinkageError missing) {
      // not on this loader's class path (an optional dependency the app lacks): nothing above it can
      // match, and the JVM reports the missing type itself when it defines the class below
      return false;
    }
    Class<?> superClass = type.getSuperclass();
    if (superClass != null && reachesRoot(loader, internal(superClass), depth + 1)) {
      return true;
    }
    for (Class<?> implemented : type.getInterfaces()) {
      if (reachesRoot(loader, internal(implemented), depth + 1)) {
        return true;
      }
    }
    return false;
  }

  private boolean anyReachesRoot(ClassLoader loader, ClassReader header, int depth) {
    String superName = header.getSuperName();
    if (superName != null && reachesRoot(loader, superName, depth + 1)) {
      return true;
    }
    for (String implemented : header.getInterfaces()) {
      if (reachesRoot(loader, implemented, depth + 1)) {
        return true;
      }
    }
    return false;
  }

  private Boolean remembered(String name) {
    return known.get(name);
  }

  /** Past the cap the answers start over: each is only ever recomputed, never wrong. */
  private void remember(String name, Boolean answer) {
    if (known.size() >= NAMES_REMEMBERED) {
      known.clear();
    }
    known.put(name, answer);
  }

  private static String internal(Class<?> type) {
    return type.getName().replace('.', '/');
  }
}
