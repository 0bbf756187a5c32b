package dev.vigil.agent.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;
import org.junit.jupiter.api.Test;

class TypeFirstMatcherTest {
  private final List<ClassLoader> markersAsked = new ArrayList<>();
  private final ElementMatcher<ClassLoader> marker =
      loader -> {
        markersAsked.add(loader);
        return true;
      };
  private final TypeFirstMatcher matcher = new TypeFirstMatcher(ElementMatchers.named(String.class.getName()), marker);
  private final ClassLoader loader = getClass().getClassLoader();

  @Test
  void theLoadersMarkerIsOnlyAskedForATypeThatMatches() {
    assertThat(matcher.matches(TypeDescription.ForLoadedType.of(Integer.class), loader, null, null, null)).isFalse();
    assertThat(markersAsked).isEmpty();
    assertThat(matcher.matches(TypeDescription.ForLoadedType.of(String.class), loader, null, null, null)).isTrue();
    assertThat(markersAsked).containsExactly(loader);
  }
}
