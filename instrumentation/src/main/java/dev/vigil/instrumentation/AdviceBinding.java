package dev.vigil.instrumentation;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** Which methods of a matched type get which advice class (by name). */
public final class AdviceBinding {
  private final ElementMatcher<? super MethodDescription> methods;
  private final String adviceClassName;

  public AdviceBinding(ElementMatcher<? super MethodDescription> methods, String adviceClassName) {
    this.methods = methods;
    this.adviceClassName = adviceClassName;
  }

  public ElementMatcher<? super MethodDescription> methods() {
    return methods;
  }

  public String adviceClassName() {
    return adviceClassName;
  }
}
