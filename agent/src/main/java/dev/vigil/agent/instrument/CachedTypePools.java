package dev.vigil.agent.instrument;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.WeakHashMap;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.matcher.ElementMatchers;
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

  private final boolean loadedTypesFirst;

  /** @param loadedTypesFirst describe the types a loader has loaded already from their classes ({@link LoadedTypesFirst}) */
  CachedTypePools(boolean loadedTypesFirst) {
    super(TypePool.Default.ReaderMode.FAST);
    this.loadedTypesFirst = loadedTypesFirst;
  }

  @Override
  public TypePool typePool(ClassFileLocator locator, ClassLoader loader) {
    if (!loadedTypesFirst || loader == null || !LoadedTypesFirst.available()) {
      return super.typePool(locator, loader);
    }
    return new TypePool.LazyFacade(new LoadedTypesFirst(locate(loader), locator, readerMode, lazinessMode, loader, null));
  }

  /** As Byte Buddy's: the transformed type {@code name} is described from its own bytes and not cached. */
  @Override
  public TypePool typePool(ClassFileLocator locator, ClassLoader loader, String name) {
    if (!loadedTypesFirst || loader == null || !LoadedTypesFirst.available()) {
      return super.typePool(locator, loader, name);
    }
    TypePool.CacheProvider cache = new TypePool.CacheProvider.Discriminating(ElementMatchers.is(name), new TypePool.CacheProvider.Simple(), locate(loader));
    return new TypePool.LazyFacade(new LoadedTypesFirst(cache, locator, readerMode, lazinessMode, loader, name));
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
