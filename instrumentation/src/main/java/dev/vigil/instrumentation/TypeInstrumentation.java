package dev.vigil.instrumentation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The types one part of a module advises and, per method matcher, the advice class to inline. Put
 * the cheapest checks first in the type matcher (names, then {@link HasSuperTypeNamed}): it runs for
 * every class a matching loader defines.
 */
public final class TypeInstrumentation {
  private final ElementMatcher<TypeDescription> typeMatcher;
  private final List<AdviceBinding> adviceBindings;

  public TypeInstrumentation(ElementMatcher<TypeDescription> typeMatcher, AdviceBinding... adviceBindings) {
    this(typeMatcher, Arrays.asList(adviceBindings));
  }

  public TypeInstrumentation(ElementMatcher<TypeDescription> typeMatcher, List<AdviceBinding> adviceBindings) {
    this.typeMatcher = typeMatcher;
    this.adviceBindings = Collections.unmodifiableList(new ArrayList<AdviceBinding>(adviceBindings));
  }

  public ElementMatcher<TypeDescription> typeMatcher() {
    return typeMatcher;
  }

  public List<AdviceBinding> adviceBindings() {
    return adviceBindings;
  }
}
