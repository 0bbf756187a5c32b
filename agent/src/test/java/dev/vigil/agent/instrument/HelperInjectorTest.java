package dev.vigil.agent.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HelperInjectorTest {
  /** Stands for a server's reader: the advice calls it, so the app's loader must see it. */
  public static final class Reader {}

  private static final String READER = Reader.class.getName();

  /** An app's loader that sees nothing of the agent (parent: the bootstrap loader). */
  private static ClassLoader appLoader() {
    return new ClassLoader(null) {};
  }

  private static HelperInjector injector() {
    return new HelperInjector(List.of(READER), HelperInjectorTest.class.getClassLoader());
  }

  @Test
  void aHelperIsDefinedInTheInstrumentedClassLoaderOnceHoweverManyOfItsClassesAreTransformed() throws Exception {
    ClassLoader app = appLoader();
    HelperInjector injector = injector();
    for (int i = 0; i < 3; i++) {
      injector.transform(null, null, app, null, null);
    }
    Class<?> reader = Class.forName(READER, false, app);
    assertThat(reader.getClassLoader()).isSameAs(app);
    assertThat(reader).isNotSameAs(Reader.class);
  }

  @Test
  void aLoaderThatSeesTheHelperThroughItsParentGetsNoCopy() throws Exception {
    ClassLoader webapp = new ClassLoader(HelperInjectorTest.class.getClassLoader()) {};
    injector().transform(null, null, webapp, null, null);
    assertThat(Class.forName(READER, false, webapp)).isSameAs(Reader.class);
  }

  @Test
  void theBootstrapLoaderIsLeftAlone() {
    assertThat(injector().transform(null, null, null, null, null)).isNull();
  }
}
