package dev.vigil.instrumentation;

import static dev.vigil.instrumentation.HasSuperTypeNamed.hasSuperTypeNamed;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.not;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * The types one part of a module advises and, per method matcher, the advice class to inline. Every
 * advised type is one of its {@link #rootTypeNames() root names} or has one above it: the installer
 * checks that from the class file's header before Byte Buddy sees the class, so only the few
 * classes that can match pay for a full type description.
 */
public final class TypeInstrumentation {
  private final Set<String> rootTypeNames;
  private final ElementMatcher<TypeDescription> typeMatcher;
  private final List<AdviceBinding> adviceBindings;

  private TypeInstrumentation(Collection<String> rootTypeNames, ElementMatcher<TypeDescription> typeMatcher, List<AdviceBinding> adviceBindings) {
    this.rootTypeNames = Collections.unmodifiableSet(new LinkedHashSet<String>(rootTypeNames));
    this.typeMatcher = typeMatcher;
    this.adviceBindings = Collections.unmodifiableList(new ArrayList<AdviceBinding>(adviceBindings));
  }

  /** Advises the one type of that name. */
  public static TypeInstrumentation named(String typeName, AdviceBinding... adviceBindings) {
    return new TypeInstrumentation(Collections.singleton(typeName), ElementMatchers.<TypeDescription>named(typeName), Arrays.asList(adviceBindings));
  }

  /** Advises every class (not interface) that is or extends or implements one of the names. */
  public static TypeInstrumentation subtypesOf(Collection<String> typeNames, List<AdviceBinding> adviceBindings) {
    return new TypeInstrumentation(typeNames, not(isInterface()).and(hasSuperTypeNamed(typeNames.toArray(new String[0]))), adviceBindings);
  }

  public static TypeInstrumentation subtypesOf(Collection<String> typeNames, AdviceBinding... adviceBindings) {
    return subtypesOf(typeNames, Arrays.asList(adviceBindings));
  }

  /** Binary names (dots, {@code $} for nested types) at or above every type this advises. */
  public Set<String> rootTypeNames() {
    return rootTypeNames;
  }

  public ElementMatcher<TypeDescription> typeMatcher() {
    return typeMatcher;
  }

  public List<AdviceBinding> adviceBindings() {
    return adviceBindings;
  }
}
