package dev.vigil.agent.instrument;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.WeakHashMap;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.pool.TypePool;

/**
 * One type pool cache per class loader, so a super type (a servlet base class, an interface every
 * Spring bean has) is found and parsed once per loader instead of once for every class below it:
 * Byte Buddy's default pool starts empty for each class. Each loader's cache is bounded (least
 * recently used types go first) and held weakly by loader; with the weak class file locator the
 * installer uses, nothing here keeps a loader alive.
 */
final class CachedTypePools extends AgentBuilder.PoolStrategy.WithTypePoolCache {
  /** Enough for the super types a big app shares; a type description costs about a kilobyte. */
  static final int TYPES_PER_LOADER = 2_000;

  private final Map<ClassLoader, TypePool.CacheProvider> byLoader =
      Collections.synchronizedMap(new WeakHashMap<ClassLoader, TypePool.CacheProvider>());
  private final TypePool.CacheProvider bootstrap = new Bounded(TYPES_PER_LOADER);

  CachedTypePools() {
    super(TypePool.Default.ReaderMode.FAST);
  }

  @Override
  protected TypePool.CacheProvider locate(ClassLoader loader) {
    if (loader == null) {
      return bootstrap;
    }
    synchronized (byLoader) {
      TypePool.CacheProvider cache = byLoader.get(loader);
      if (cache == null) {
        cache = new Bounded(TYPES_PER_LOADER);
        byLoader.put(loader, cache);
      }
      return cache;
    }
  }

  /** A least-recently-used cache of resolutions; java.lang.Object is known without reading it. */
  static final class Bounded implements TypePool.CacheProvider {
    private final Map<String, TypePool.Resolution> resolutions;

    Bounded(final int capacity) {
      this.resolutions =
          new LinkedHashMap<String, TypePool.Resolution>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, TypePool.Resolution> eldest) {
              return size() > capacity;
            }
          };
      resolutions.put(Object.class.getName(), new TypePool.Resolution.Simple(TypeDescription.ForLoadedType.of(Object.class)));
    }

    @Override
    public synchronized TypePool.Resolution find(String name) {
      return resolutions.get(name);
    }

    @Override
    public synchronized TypePool.Resolution register(String name, TypePool.Resolution resolution) {
      TypePool.Resolution known = resolutions.putIfAbsent(name, resolution);
      return known == null ? resolution : known;
    }

    @Override
    public synchronized void clear() {
      resolutions.clear();
    }

    synchronized int size() {
      return resolutions.size();
    }
  }
}
