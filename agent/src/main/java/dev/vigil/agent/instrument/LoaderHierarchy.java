package dev.vigil.agent.instrument;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.jar.asm.ClassReader;

/**
 * What one class loader's classes extend, as far as the instrumentation cares: does a class have one
 * of the modules' root names at or above it? Answered from class file headers only (super class and
 * interfaces, no methods, no signatures) and remembered per name, so each type in the loader's
 * hierarchies is read once. A super type the loader has defined already is asked through its
 * {@code Class}; one it has not is read from the loader's resources (the JVM hands a class to the
 * transformer before it loads the class's super types). All names are internal ({@code a/b/C}).
 */
final class LoaderHierarchy {
  /** Enough for every type above an app's classes; an answer costs a name and a map entry. */
  static final int NAMES_REMEMBERED = 20_000;
  /** A class file hierarchy is never this deep; a cycle (a broken class path) stops here. */
  private static final int MAX_DEPTH = 64;
  private static final String JDK = "java/";

  private final ClassLoader loader;
  private final Set<String> roots;
  private final boolean rootsInJdk;
  private final Map<String, Boolean> known =
      new LinkedHashMap<String, Boolean>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > NAMES_REMEMBERED;
        }
      };

  /** @param roots internal names; a class at or below one of them is a candidate */
  LoaderHierarchy(ClassLoader loader, Set<String> roots) {
    this.loader = loader;
    this.roots = roots;
    boolean jdk = false;
    for (String root : roots) {
      jdk |= root.startsWith(JDK);
    }
    this.rootsInJdk = jdk;
  }

  boolean hasRoots() {
    return !roots.isEmpty();
  }

  /** Whether the class being defined from {@code classFile} is a root or has one above it. */
  boolean reachesRoot(String name, byte[] classFile) {
    if (roots.contains(name)) {
      return true;
    }
    Boolean answer = remembered(name);
    if (answer == null) {
      answer = anyReachesRoot(new ClassReader(classFile), 0);
      remember(name, answer);
    }
    return answer;
  }

  private boolean reachesRoot(String name, int depth) {
    if (roots.contains(name)) {
      return true;
    }
    if ((name.startsWith(JDK) && !rootsInJdk) || depth > MAX_DEPTH) {
      return false;
    }
    Boolean answer = remembered(name);
    if (answer == null) {
      answer = computeAbove(name, depth);
      remember(name, answer);
    }
    return answer;
  }

  private boolean computeAbove(String name, int depth) {
    Class<?> loaded = LoadedClasses.find(loader, name.replace('/', '.'));
    if (loaded != null) {
      Class<?> superClass = loaded.getSuperclass();
      if (superClass != null && reachesRoot(internal(superClass), depth + 1)) {
        return true;
      }
      for (Class<?> implemented : loaded.getInterfaces()) {
        if (reachesRoot(internal(implemented), depth + 1)) {
          return true;
        }
      }
      return false;
    }
    byte[] classFile = read(name);
    // not on this loader's class path (an optional dependency the app lacks): nothing above it can match
    return classFile != null && anyReachesRoot(new ClassReader(classFile), depth);
  }

  private boolean anyReachesRoot(ClassReader header, int depth) {
    String superName = header.getSuperName();
    if (superName != null && reachesRoot(superName, depth + 1)) {
      return true;
    }
    for (String implemented : header.getInterfaces()) {
      if (reachesRoot(implemented, depth + 1)) {
        return true;
      }
    }
    return false;
  }

  private byte[] read(String name) {
    String resource = name + ".class";
    try (InputStream in = loader == null ? ClassLoader.getSystemResourceAsStream(resource) : loader.getResourceAsStream(resource)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      return null;
    }
  }

  private synchronized Boolean remembered(String name) {
    return known.get(name);
  }

  private synchronized void remember(String name, Boolean answer) {
    known.put(name, answer);
  }

  synchronized int size() {
    return known.size();
  }

  private static String internal(Class<?> type) {
    return type.getName().replace('.', '/');
  }
}
