package dev.vigil.instrumentation;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Matches class loaders that can see a marker class, looked up as a resource so nothing is loaded.
 * Answers are cached weakly per loader: the map never outlives the loaders it describes.
 */
public final class HasClassNamed extends ElementMatcher.Junction.AbstractBase<ClassLoader> {
  private final String resource;
  private final Map<ClassLoader, Boolean> cache = Collections.synchronizedMap(new WeakHashMap<ClassLoader, Boolean>());

  public HasClassNamed(String className) {
    this.resource = className.replace('.', '/') + ".class";
  }

  @Override
  public boolean matches(ClassLoader loader) {
    if (loader == null) {
      return ClassLoader.getSystemResource(resource) != null;
    }
    Boolean known = cache.get(loader);
    if (known == null) {
      known = loader.getResource(resource) != null;
      cache.put(loader, known);
    }
    return known;
  }
}
