package dev.vigil.agent.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

class LoadedTypesFirstTest {
  /** A super type an app has loaded long before its subclasses come along. */
  static class AlreadyLoaded {}

  private final List<String> classFilesRead = new ArrayList<>();

  /** The loader's class files, counting every read the pool makes. */
  private final ClassFileLocator counting =
      new ClassFileLocator() {
        private final ClassFileLocator real = ClassFileLocator.ForClassLoader.of(LoadedTypesFirstTest.class.getClassLoader());

        @Override
        public Resolution locate(String name) throws java.io.IOException {
          classFilesRead.add(name);
          return real.locate(name);
        }

        @Override
        public void close() throws java.io.IOException {
          real.close();
        }
      };

  private TypePool pool(String transformed) {
    return pool(transformed, LoadedTypesFirstTest.class.getClassLoader());
  }

  private TypePool pool(String transformed, ClassLoader loader) {
    return new LoadedTypesFirst(
        new TypePool.CacheProvider.Simple(), counting, TypePool.Default.ReaderMode.FAST, TypePool.Default.WithLazyResolution.LazinessMode.NAME, loader, transformed);
  }

  @Test
  void aTypeTheLoaderHasLoadedIsDescribedWithoutReadingItsClassFile() {
    new AlreadyLoaded();
    TypePool pool = pool("com.example.BeingTransformed");
    assertThat(pool.describe(AlreadyLoaded.class.getName()).resolve().getSuperClass().asErasure().getName()).isEqualTo("java.lang.Object");
    assertThat(classFilesRead).isEmpty();
  }

  @Test
  void theTypeBeingTransformedIsAlwaysReadFromItsBytes() {
    TypePool pool = pool(AlreadyLoaded.class.getName());
    assertThat(pool.describe(AlreadyLoaded.class.getName()).isResolved()).isTrue();
    assertThat(classFilesRead).containsExactly(AlreadyLoaded.class.getName());
  }

  @Test
  void aTypeNotLoadedYetIsReadAndNeverLoadedByAsking() throws Exception {
    // a fresh loader has loaded nothing: every type it is asked about is read, and asking loads none
    java.net.URLClassLoader fresh = new java.net.URLClassLoader(new java.net.URL[0], LoadedTypesFirstTest.class.getClassLoader());
    String name = AlreadyLoaded.class.getName();
    assertThat(pool(null, fresh).describe(name).isResolved()).isTrue();
    assertThat(classFilesRead).containsExactly(name);
    java.lang.reflect.Method find = ClassLoader.class.getDeclaredMethod("findLoadedClass", String.class);
    find.setAccessible(true);
    assertThat(find.invoke(fresh, name)).as("describing it did not load it").isNull();
  }
}
