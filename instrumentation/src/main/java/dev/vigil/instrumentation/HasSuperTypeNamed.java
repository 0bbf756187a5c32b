package dev.vigil.instrumentation;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Is the type, or any class or interface above it, one of the given names? What Byte Buddy's
 * {@code hasSuperType(named(...))} answers, made cheap enough to ask of every class an app loads:
 *
 * <ul>
 *   <li>one walk answers for every name (Filter or Servlet), each type in a diamond visited once;
 *   <li>JDK types ({@code java.*}) are never descended into: none of them extends a library type, and
 *       each one would be another class file to find and parse (they sit above nearly every class);
 *   <li>erasures only, no generic signatures;
 *   <li>a super type that cannot be resolved (an optional dependency the app lacks) ends that branch
 *       instead of failing the whole match.
 * </ul>
 */
public final class HasSuperTypeNamed extends ElementMatcher.Junction.AbstractBase<TypeDescription> {
  private static final String JDK_PREFIX = "java.";

  private final Set<String> names;
  private final boolean descendIntoJdk;

  private HasSuperTypeNamed(Set<String> names) {
    this.names = names;
    boolean anyJdkName = false;
    for (String name : names) {
      anyJdkName |= name.startsWith(JDK_PREFIX);
    }
    this.descendIntoJdk = anyJdkName;
  }

  public static HasSuperTypeNamed hasSuperTypeNamed(String... names) {
    return new HasSuperTypeNamed(Collections.unmodifiableSet(new HashSet<String>(Arrays.asList(names))));
  }

  @Override
  public boolean matches(TypeDescription type) {
    Deque<TypeDefinition> pending = new ArrayDeque<TypeDefinition>();
    Set<String> seen = new HashSet<String>();
    pending.add(type);
    while (!pending.isEmpty()) {
      TypeDefinition next = pending.poll();
      String name = next.getTypeName();
      if (!seen.add(name)) {
        continue;
      }
      if (names.contains(name)) {
        return true;
      }
      if (!descendIntoJdk && name.startsWith(JDK_PREFIX)) {
        continue;
      }
      try {
        TypeDescription erasure = next.asErasure();
        TypeDescription.Generic superClass = erasure.getSuperClass();
        if (superClass != null) {
          pending.add(superClass.asErasure());
        }
        pending.addAll(erasure.getInterfaces().asErasures());
      } catch (RuntimeException unresolvable) {
        // this branch of the hierarchy is not on the class path: nothing above it can match
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "hasSuperTypeNamed(" + names + ")";
  }
}
