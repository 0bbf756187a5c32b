package dev.vigil.agent.reflect;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Modifier;

/**
 * Finds a method on a server's own request object without compiling against its API: the agent's
 * loader sees neither javax nor jakarta servlets. Server request classes are often not public (or
 * live in a JDK-internal package), so the method is looked up on the public supertype that declares
 * it, which the public lookup may call.
 */
public final class PublicMethods {
  private PublicMethods() {}

  /** A handle for {@code name} with {@code signature} as declared by a public supertype of {@code type}, or null. */
  public static MethodHandle find(Class<?> type, String name, MethodType signature) {
    Class<?> owner = publicDeclarer(type, name, signature.parameterArray());
    if (owner == null) {
      return null;
    }
    try {
      return MethodHandles.publicLookup().findVirtual(owner, name, signature);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  private static Class<?> publicDeclarer(Class<?> type, String name, Class<?>[] parameters) {
    if (type == null) {
      return null;
    }
    if (Modifier.isPublic(type.getModifiers()) && !type.getName().startsWith("sun.")) {
      try {
        type.getDeclaredMethod(name, parameters);
        return type;
      } catch (NoSuchMethodException notHere) {
        // look further up
      }
    }
    for (Class<?> face : type.getInterfaces()) {
      Class<?> found = publicDeclarer(face, name, parameters);
      if (found != null) {
        return found;
      }
    }
    return publicDeclarer(type.getSuperclass(), name, parameters);
  }
}
