package dev.vigil.agent.instrument;

import java.lang.reflect.Method;

/**
 * A class a loader has already defined, or null. {@code ClassLoader.findLoadedClass} never loads
 * anything, so asking cannot change the order in which the app's classes load; it needs java.lang
 * open to the agent, which the installer arranges when any module injects helpers.
 */
final class LoadedClasses {
  private static final Method FIND_LOADED_CLASS = findLoadedClass();

  private LoadedClasses() {}

  static boolean available() {
    return FIND_LOADED_CLASS != null;
  }

  /** @param binaryName with dots ({@code a.b.C$D}) */
  static Class<?> find(ClassLoader loader, String binaryName) {
    if (FIND_LOADED_CLASS == null || loader == null) {
      return null;
    }
    try {
      return (Class<?>) FIND_LOADED_CLASS.invoke(loader, binaryName);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  private static Method findLoadedClass() {
    try {
      Method method = ClassLoader.class.getDeclaredMethod("findLoadedClass", String.class);
      method.setAccessible(true);
      return method;
    } catch (NoSuchMethodException | RuntimeException e) {
      return null;
    }
  }
}
