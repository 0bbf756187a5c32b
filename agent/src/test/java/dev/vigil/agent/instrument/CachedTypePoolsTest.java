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

  private static TypePool.Resolution resolution(Class<?> type) {
    return new TypePool.Resolution.Simple(TypeDescription.ForLoadedType.of(type));
  }
}
