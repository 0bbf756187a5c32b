package dev.vigil.agent.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

/** One bounded cache per loader: what a pool parsed once is found again, and the oldest goes first. */
class CachedTypePoolsTest {
  @Test
  void oneCachePerLoaderAndOneForTheBootLoader() {
    CachedTypePools pools = new CachedTypePools(false);
    ClassLoader loader = getClass().getClassLoader();
    assertThat(pools.locate(loader)).isSameAs(pools.locate(loader));
    assertThat(pools.locate(null)).isSameAs(pools.locate(null)).isNotSameAs(pools.locate(loader));
  }

  @Test
  void knowsObjectAndForgetsTheLeastRecentlyUsed() {
    CachedTypePools.Bounded cache = new CachedTypePools.Bounded(3);
    assertThat(cache.find("java.lang.Object")).isNotNull();
    cache.register("a", resolution(String.class));
    cache.register("b", resolution(Integer.class));
    cache.find("java.lang.Object");
    cache.register("c", resolution(Long.class));
    assertThat(cache.size()).isEqualTo(3);
    assertThat(cache.find("a")).as("least recently used").isNull();
    assertThat(cache.find("java.lang.Object")).isNotNull();
  }

  @Test
  void aSecondRegistrationKeepsTheFirst() {
    CachedTypePools.Bounded cache = new CachedTypePools.Bounded(10);
    TypePool.Resolution first = resolution(String.class);
    assertThat(cache.register("x", first)).isSameAs(first);
    assertThat(cache.register("x", resolution(Integer.class))).isSameAs(first);
  }

  @Test
  void theTypesAPoolDescribedDoNotKeepTheirLoaderAlive() throws Exception {
    CachedTypePools pools = new CachedTypePools(true);
    java.lang.ref.WeakReference<ClassLoader> gone = describeFromAFreshLoader(pools);
    assertThat(Collected.eventually(gone)).as("a loader (an undeployed webapp's) whose classes the pool described").isTrue();
  }

  private static java.lang.ref.WeakReference<ClassLoader> describeFromAFreshLoader(CachedTypePools pools) throws Exception {
    java.net.URLClassLoader app =
        new java.net.URLClassLoader(new java.net.URL[] {CachedTypePoolsTest.class.getProtectionDomain().getCodeSource().getLocation()}, null);
    String name = com.example.shop.ShopTypes.Middle.class.getName();
    Class<?> loaded = Class.forName(name, false, app);
    TypePool pool = pools.typePool(net.bytebuddy.dynamic.ClassFileLocator.ForClassLoader.WeaklyReferenced.of(app), app);
    assertThat(pool.describe(name).resolve().getInterfaces().asErasures().getOnly().getName()).isEqualTo(com.example.shop.ShopTypes.Root.class.getName());
    assertThat(loaded.getClassLoader()).isSameAs(app);
    // a type the loader has not loaded is parsed from its class file and cached, with its pool
    String notLoaded = com.example.shop.ShopTypes.OtherLeaf.class.getName();
    assertThat(pool.describe(notLoaded).resolve().getSuperClass().asErasure().getName()).isEqualTo(name);
    assertThat(((CachedTypePools.Bounded) pools.locate(app)).find(notLoaded)).as("parsed and cached").isNotNull();
    app.close();
    return new java.lang.ref.WeakReference<ClassLoader>(app);
  }

  private static TypePool.Resolution resolution(Class<?> type) {
    return new TypePool.Resolution.Simple(TypeDescription.ForLoadedType.of(type));
  }
}
