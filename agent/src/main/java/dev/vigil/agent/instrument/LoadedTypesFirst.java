package dev.vigil.agent.instrument;

import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/**
 * A type pool that describes a type the loader has already loaded from its {@code Class} (a few
 * reflective calls) instead of finding and parsing its class file again. Matching asks for the super
 * types of every class an app loads, and they are nearly always loaded already; reading them back
 * from the loader's resources (in a Spring Boot jar, an entry of a nested jar) was the largest part
 * of the agent's startup cost. {@code ClassLoader.findLoadedClass} never loads anything, so asking
 * cannot change the order in which the app's classes load. The type being transformed is always
 * described from its own bytes, as Byte Buddy would.
 */
final class LoadedTypesFirst extends TypePool.Default.WithLazyResolution {
  private static final Method FIND_LOADED_CLASS = findLoadedClass();

  /** Weak: the pool's cache (weak by loader) keeps the descriptions it parsed, and they keep their pool. */
  private final WeakReference<ClassLoader> loader;
  private final String transformed;

  /**
   * @param loader the instrumented class's loader (not null)
   * @param transformed the class being transformed, always read from its bytes; null for none
   */
  LoadedTypesFirst(CacheProvider cache, ClassFileLocator locator, ReaderMode mode, LazinessMode laziness, ClassLoader loader, String transformed) {
    super(cache, locator, mode, laziness);
    this.loader = new WeakReference<ClassLoader>(loader);
    this.transformed = transformed;
  }

  /** Whether the loader's loaded classes can be asked at all (java.lang is open to the agent). */
  static boolean available() {
    return FIND_LOADED_CLASS != null;
  }

  @Override
  protected Resolution doResolve(String name) {
    if (!name.equals(transformed)) {
      Class<?> loaded = loaded(name);
      if (loaded != null) {
        return new Resolution.Simple(TypeDescription.ForLoadedType.of(loaded));
      }
    }
    return super.doResolve(name);
  }

  private Class<?> loaded(String name) {
    try {
      ClassLoader live = loader.get();
      return live == null ? null : (Class<?>) FIND_LOADED_CLASS.invoke(live, name);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /** Null when java.lang is not open to the agent (no module injects helpers): the pool reads class files as before. */
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
