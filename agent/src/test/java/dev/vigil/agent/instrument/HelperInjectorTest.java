package dev.vigil.agent.instrument;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class HelperInjectorTest {
  /** Stands for a server's reader: the advice calls it, so the app's loader must define it. */
  public static final class Reader {}

  private static final String READER = Reader.class.getName();
  private final HelperInjector injector = new HelperInjector(null, HelperInjectorTest.class.getClassLoader());

  @Test
  void aHelperIsDefinedInTheInstrumentedClassLoaderOnceHoweverManyOfItsClassesAreTransformed() throws Exception {
    ClassLoader app = new ClassLoader(HelperInjectorTest.class.getClassLoader()) {};
    for (int i = 0; i < 3; i++) {
      injector.inject(null, app, null, Set.of(READER));
    }
    Class<?> reader = Class.forName(READER, false, app);
    assertThat(reader.getClassLoader()).isSameAs(app);
    assertThat(reader).isNotSameAs(Reader.class);
  }

  @Test
  void aLoaderThatDoesNotSeeTheAgentsBootstrapClassesIsRefusedSoItsClassStaysUnwoven() {
    // a module system's loader that does not delegate to the boot loader: woven code could not link
    ClassLoader isolated = new ClassLoader(null) {};
    assertThatThrownBy(() -> injector.inject(null, isolated, null, Set.of(READER))).hasMessageContaining("bootstrap");
  }

  @Test
  void aClassInANamedModuleThatCannotBeMadeToReadItsAdviceStaysUnwoven() {
    // without Instrumentation no module can be changed: its woven code could not call the advice
    ClassLoader app = new ClassLoader(HelperInjectorTest.class.getClassLoader()) {};
    Module named = Object.class.getModule();
    assertThatThrownBy(() -> injector.inject(named, app, null, Set.of(READER))).hasMessageContaining("java.base");
  }

  @Test
  void twoLoadersGetTwoCopiesAndNeitherSeesTheOther() throws Exception {
    ClassLoader first = new ClassLoader(HelperInjectorTest.class.getClassLoader()) {};
    ClassLoader second = new ClassLoader(HelperInjectorTest.class.getClassLoader()) {};
    injector.inject(null, first, null, Set.of(READER));
    injector.inject(null, second, null, Set.of(READER));
    assertThat(Class.forName(READER, false, first)).isNotSameAs(Class.forName(READER, false, second));
  }
}
