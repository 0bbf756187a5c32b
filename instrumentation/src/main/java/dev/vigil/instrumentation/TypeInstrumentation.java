package dev.vigil.instrumentation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The types one part of a module advises and, per method matcher, the advice class to call. Every
 * advised type is one of its {@link #rootTypeNames() root names} or has one above it: the installer
 * checks that from the class file's header and the super types the loader has loaded, so a type is
 * matched by names alone.
 */
public final class TypeInstrumentation {
  private final Set<String> rootTypeNames;
  private final boolean subtypes;
  private final List<AdviceBinding> adviceBindings;

  private TypeInstrumentation(Collection<String> rootTypeNames, boolean subtypes, List<AdviceBinding> adviceBindings) {
    this.rootTypeNames = Collections.unmodifiableSet(new LinkedHashSet<String>(rootTypeNames));
    this.subtypes = subtypes;
    this.adviceBindings = Collections.unmodifiableList(new ArrayList<AdviceBinding>(adviceBindings));
  }

  /** Advises the one type of that name. */
  public static TypeInstrumentation named(String typeName, AdviceBinding... adviceBindings) {
    return new TypeInstrumentation(Collections.singleton(typeName), false, Arrays.asList(adviceBindings));
  }

  /** Advises every class (not interface) that is or extends or implements one of the names. */
  public static TypeInstrumentation subtypesOf(Collection<String> typeNames, List<AdviceBinding> adviceBindings) {
    return new TypeInstrumentation(typeNames, true, adviceBindings);
  }

  public static TypeInstrumentation subtypesOf(Collection<String> typeNames, AdviceBinding... adviceBindings) {
    return subtypesOf(typeNames, Arrays.asList(adviceBindings));
  }

  /** Binary names (dots, {@code $} for nested types) at or above every type this advises. */
  public Set<String> rootTypeNames() {
    return rootTypeNames;
  }

  /** True for {@link #subtypesOf}: classes below a root; false for {@link #named}: the root alone. */
  public boolean advisesSubtypes() {
    return subtypes;
  }

  public List<AdviceBinding> adviceBindings() {
    return adviceBindings;
  }
}
