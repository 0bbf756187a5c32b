package dev.vigil.instrumentation;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which methods of an advised type get an advice, decided from what the class file says of each
 * method: its name, access flags and parameter and return type names ({@code java.lang.String},
 * {@code boolean}, {@code int[]}). Only methods with code are ever matched: never abstract, native
 * or bridge methods, constructors or static initialisers. Return types are best matched loosely
 * ({@link #returningReference()}) where arguments pin the method: an override may narrow its return
 * type, and then only its bridge, never advised, returns the declared one. Built once by its module,
 * then only read.
 */
public final class MethodMatcher {
  private static final int PUBLIC = 0x0001;
  private static final int NATIVE = 0x0100;
  private static final int ABSTRACT = 0x0400;
  private static final int BRIDGE = 0x0040;
  private static final Set<String> PRIMITIVES_AND_VOID =
      new HashSet<String>(Arrays.asList("void", "boolean", "byte", "char", "short", "int", "long", "float", "double"));

  private final String name;
  private boolean publicOnly;
  private int exactArguments = -1;
  private int minArguments;
  private final Map<Integer, String> argumentTypes = new HashMap<Integer, String>();
  private Set<String> returnTypes;
  private boolean returnsReference;

  private MethodMatcher(String name) {
    this.name = name;
  }

  public static MethodMatcher named(String name) {
    return new MethodMatcher(name);
  }

  public String name() {
    return name;
  }

  public MethodMatcher publicOnly() {
    publicOnly = true;
    return this;
  }

  public MethodMatcher takingArguments(int count) {
    exactArguments = count;
    return this;
  }

  public MethodMatcher takingAtLeast(int count) {
    minArguments = count;
    return this;
  }

  public MethodMatcher withArgument(int index, String typeName) {
    argumentTypes.put(index, typeName);
    return this;
  }

  public MethodMatcher returningOneOf(String... typeNames) {
    returnTypes = new HashSet<String>(Arrays.asList(typeNames));
    return this;
  }

  /** Any class, interface or array type: no primitive, no void. */
  public MethodMatcher returningReference() {
    returnsReference = true;
    return this;
  }

  public boolean matches(int access, String methodName, String[] argumentTypeNames, String returnTypeName) {
    if (!name.equals(methodName) || methodName.startsWith("<") || (access & (NATIVE | ABSTRACT | BRIDGE)) != 0 || (publicOnly && (access & PUBLIC) == 0)) {
      return false;
    }
    if ((exactArguments >= 0 && argumentTypeNames.length != exactArguments) || argumentTypeNames.length < minArguments) {
      return false;
    }
    for (Map.Entry<Integer, String> argument : argumentTypes.entrySet()) {
      int index = argument.getKey();
      if (index >= argumentTypeNames.length || !argument.getValue().equals(argumentTypeNames[index])) {
        return false;
      }
    }
    if (returnTypes != null && !returnTypes.contains(returnTypeName)) {
      return false;
    }
    return !returnsReference || !PRIMITIVES_AND_VOID.contains(returnTypeName);
  }
}
