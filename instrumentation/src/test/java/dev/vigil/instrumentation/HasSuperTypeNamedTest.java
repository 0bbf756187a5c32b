package dev.vigil.instrumentation;

import static dev.vigil.instrumentation.HasSuperTypeNamed.hasSuperTypeNamed;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.Serializable;
import net.bytebuddy.description.type.TypeDescription;
import org.junit.jupiter.api.Test;

/** The cheap super type test answers as Byte Buddy's hasSuperType(named(...)) does for library types. */
class HasSuperTypeNamedTest {
  public interface Entry {}

  public interface Chained extends Entry {}

  public abstract static class Base implements Chained {}

  public static class DeepInHierarchy extends Base implements Serializable {}

  public static class Unrelated implements Runnable {
    @Override
    public void run() {}
  }

  private static boolean matches(HasSuperTypeNamed matcher, Class<?> type) {
    return matcher.matches(TypeDescription.ForLoadedType.of(type));
  }

  @Test
  void findsAnInterfaceThroughSuperclassesAndSuperInterfaces() {
    HasSuperTypeNamed entry = hasSuperTypeNamed(Entry.class.getName());
    assertThat(matches(entry, DeepInHierarchy.class)).isTrue();
    assertThat(matches(entry, Base.class)).isTrue();
    assertThat(matches(entry, Entry.class)).as("the type itself").isTrue();
    assertThat(matches(entry, Unrelated.class)).isFalse();
  }

  @Test
  void anyOfSeveralNames() {
    assertThat(matches(hasSuperTypeNamed("com.example.Missing", Chained.class.getName()), DeepInHierarchy.class)).isTrue();
  }

  @Test
  void jdkTypesAreSearchedOnlyWhenANameIsOne() {
    assertThat(matches(hasSuperTypeNamed(Runnable.class.getName()), Unrelated.class)).isTrue();
    assertThat(matches(hasSuperTypeNamed(Serializable.class.getName()), DeepInHierarchy.class)).isTrue();
  }
}
