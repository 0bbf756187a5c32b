package dev.vigil.agent.instrument;

import java.lang.reflect.Method;

/**
 * The class a loader or one of its parents has loaded under a name, if any, without loading it:
 * {@code ClassLoader.findLoadedClass}, reached through {@code java.lang}, which the installer opens
 * to the agent. Null when it is not loaded, or cannot be asked.
 */
final class LoadedClasses {
  private static final Method FIND_LOADED = findLoadedClass();

  private LoadedClasses() {}

  static Class<?> find(ClassLoader loader, String binaryName) {
    if (FIND_LOADED == null) {
      return null;
    }
    for (ClassLoader candidate = loader; candidate != null; candidate = candidate.getParent()) {
      try {
        Class<?> loaded = (Class<?>) FIND_LOADED.invoke(candidate, binaryName);
        if (loaded != null) {
          return loaded;
        }
      } catch (ReflectiveOperationException | RuntimeException cannotAsk) {
        return null;
      }
    }
    return null;
  }

  private static Method findLoadedClass() {
    try {
      Method method = ClassLoader.class.getDeclaredMethod("findLoadedClass", String.class);
      method.setAccessible(true);
      return method;
    } catch (ReflectiveOperationException | RuntimeException closed) {
      return null;
    }
  }
}
