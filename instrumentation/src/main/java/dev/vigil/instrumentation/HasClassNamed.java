package dev.vigil.instrumentation;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Matches class loaders that can see a marker class, looked up as a resource so nothing is loaded.
 * Answers are cached weakly per loader: the map never outlives the loaders it describes. A loader
 * whose parent is known to see the marker sees it too, whatever its delegation order, so it is not
 * asked: frameworks create short-lived loaders by the hundred (Spring's type-matching loaders), and
 * each resource lookup through a Spring Boot jar costs more than the class it was made for.
 */
public final class HasClassNamed extends ElementMatcher.Junction.AbstractBase<ClassLoader> {
  private final String resource;
  private final Map<ClassLoader, Boolean> cache = Collections.synchronizedMap(new WeakHashMap<ClassLoader, Boolean>());
  private volatile Boolean inBootOrSystem;

  public HasClassNamed(String className) {
    this.resource = className.replace('.', '/') + ".class";
  }

  @Override
  public boolean matches(ClassLoader loader) {
    if (loader == null) {
      Boolean known = inBootOrSystem;
      if (known == null) {
        known = ClassLoader.getSystemResource(resource) != null;
        inBootOrSystem = known;
      }
      return known;
    }
    Boolean known = cache.get(loader);
    if (known == null) {
      known = parentSeesIt(loader) || loader.getResource(resource) != null;
      cache.put(loader, known);
    }
    return known;
  }

  private boolean parentSeesIt(ClassLoader loader) {
    for (ClassLoader parent = loader.getParent(); parent != null; parent = parent.getParent()) {
      if (Boolean.TRUE.equals(cache.get(parent))) {
        return true;
      }
    }
    return false;
  }
}
