package dev.vigil.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HasClassNamedTest {
  /** A loader that counts the resource lookups made through it. */
  static final class Counting extends ClassLoader {
    final AtomicInteger lookups = new AtomicInteger();

    Counting(ClassLoader parent) {
      super(parent);
    }

    @Override
    public URL getResource(String name) {
      lookups.incrementAndGet();
      return super.getResource(name);
    }
  }

  private static final String MARKER = HasClassNamedTest.class.getName();

  @Test
  void aLoaderIsAskedOnceAndItsShortLivedChildrenNotAtAll() {
    HasClassNamed matcher = new HasClassNamed(MARKER);
    Counting app = new Counting(HasClassNamedTest.class.getClassLoader());
    assertThat(matcher.matches(app)).isTrue();
    assertThat(matcher.matches(app)).isTrue();
    assertThat(app.lookups).hasValue(1);
    for (int i = 0; i < 100; i++) {
      Counting throwaway = new Counting(app);
      assertThat(matcher.matches(throwaway)).isTrue();
      assertThat(throwaway.lookups).hasValue(0);
    }
  }

  @Test
  void aLoaderThatCannotSeeTheMarkerIsNotMatchedAndAChildWithItsOwnCopyStillIs() {
    HasClassNamed matcher = new HasClassNamed(MARKER);
    Counting empty = new Counting(null);
    assertThat(matcher.matches(empty)).isFalse();
    ClassLoader child =
        new ClassLoader(empty) {
          @Override
          public URL getResource(String name) {
            return HasClassNamedTest.class.getClassLoader().getResource(name);
          }
        };
    assertThat(matcher.matches(child)).as("a parent that cannot see it decides nothing").isTrue();
  }
}
