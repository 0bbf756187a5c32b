package dev.vigil.agent.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class HelperInjectorTest {
  /** Stands for a server's reader: the advice calls it, so the app's loader must define it. */
  public static final class Reader {}

  private static final String READER = Reader.class.getName();
  private final HelperInjector injector = new HelperInjector(null, HelperInjectorTest.class.getClassLoader());

  @Test
  void aHelperIsDefinedInTheInstrumentedClassLoaderOnceHoweverManyOfItsClassesAreTransformed() throws Exception {
    ClassLoader app = new ClassLoader(null) {};
    for (int i = 0; i < 3; i++) {
      injector.inject(app, null, Set.of(READER));
    }
    Class<?> reader = Class.forName(READER, false, app);
    assertThat(reader.getClassLoader()).isSameAs(app);
    assertThat(reader).isNotSameAs(Reader.class);
  }

  @Test
  void twoLoadersGetTwoCopiesAndNeitherSeesTheOther() throws Exception {
    ClassLoader first = new ClassLoader(null) {};
    ClassLoader second = new ClassLoader(null) {};
    injector.inject(first, null, Set.of(READER));
    injector.inject(second, null, Set.of(READER));
    assertThat(Class.forName(READER, false, first)).isNotSameAs(Class.forName(READER, false, second));
  }
}
