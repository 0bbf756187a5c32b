package dev.vigil.agent.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import net.bytebuddy.dynamic.ClassFileLocator;
import org.junit.jupiter.api.Test;

class HelperInjectorTest {
  /** Stands for a server's reader: the advice calls it, so the app's loader must define it. */
  public static final class Reader {}

  private static final String READER = Reader.class.getName();
  private static final ClassFileLocator AGENT_CLASSES = ClassFileLocator.ForClassLoader.of(HelperInjectorTest.class.getClassLoader());

  @Test
  void aHelperIsDefinedInTheInstrumentedClassLoaderOnceHoweverManyOfItsClassesAreTransformed() throws Exception {
    ClassLoader app = new ClassLoader(null) {};
    HelperInjector injector = new HelperInjector(null);
    for (int i = 0; i < 3; i++) {
      injector.resolve(app, null).injectRaw(Set.of(READER), AGENT_CLASSES);
    }
    Class<?> reader = Class.forName(READER, false, app);
    assertThat(reader.getClassLoader()).isSameAs(app);
    assertThat(reader).isNotSameAs(Reader.class);
  }

  @Test
  void twoLoadersGetTwoCopiesAndNeitherSeesTheOther() throws Exception {
    ClassLoader first = new ClassLoader(null) {};
    ClassLoader second = new ClassLoader(null) {};
    HelperInjector injector = new HelperInjector(null);
    injector.resolve(first, null).injectRaw(Set.of(READER), AGENT_CLASSES);
    injector.resolve(second, null).injectRaw(Set.of(READER), AGENT_CLASSES);
    assertThat(Class.forName(READER, false, first)).isNotSameAs(Class.forName(READER, false, second));
  }
}
