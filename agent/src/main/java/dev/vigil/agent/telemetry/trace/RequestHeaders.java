package dev.vigil.agent.telemetry.trace;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Modifier;

/**
 * Reads one request header off the server's own request object (a javax/jakarta servlet request or
 * a JDK {@code HttpExchange}) without compiling against it, and only when a span or event is about
 * to be made, so advice does not read headers on every request for nobody. Looked up once per
 * request class; any failure reads as "no header".
 */
public final class RequestHeaders {
  private static final ClassValue<Reader> READERS =
      new ClassValue<>() {
        @Override
        protected Reader computeValue(Class<?> type) {
          return Reader.of(type);
        }
      };

  private RequestHeaders() {}

  public static String get(Object request, String name) {
    return request == null ? null : READERS.get(request.getClass()).read(request, name);
  }

  private static final class Reader {
    private static final Reader NONE = new Reader(null, null);
    /** getHeader(String), or HttpExchange.getRequestHeaders() */
    private final MethodHandle first;
    /** Headers.getFirst(String) after getRequestHeaders(); null for servlets */
    private final MethodHandle second;

    private Reader(MethodHandle first, MethodHandle second) {
      this.first = first;
      this.second = second;
    }

    static Reader of(Class<?> type) {
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      try {
        Class<?> owner = publicDeclarer(type, "getHeader", String.class);
        if (owner != null) {
          return new Reader(lookup.findVirtual(owner, "getHeader", MethodType.methodType(String.class, String.class)), null);
        }
        owner = publicDeclarer(type, "getRequestHeaders");
        if (owner != null) {
          MethodHandle headers = lookup.findVirtual(owner, "getRequestHeaders", MethodType.methodType(owner.getMethod("getRequestHeaders").getReturnType()));
          Class<?> headersType = headers.type().returnType();
          MethodHandle getFirst = lookup.findVirtual(headersType, "getFirst", MethodType.methodType(String.class, String.class));
          return new Reader(headers, getFirst);
        }
      } catch (ReflectiveOperationException | RuntimeException e) {
        // unknown request type: no headers
      }
      return NONE;
    }

    /** Server request classes are often not public; a public supertype declaring the method is. */
    private static Class<?> publicDeclarer(Class<?> type, String name, Class<?>... parameters) {
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

    String read(Object request, String name) {
      if (first == null) {
        return null;
      }
      try {
        if (second == null) {
          return (String) first.invoke(request, name);
        }
        Object headers = first.invoke(request);
        return headers == null ? null : (String) second.invoke(headers, name);
      } catch (Throwable t) {
        return null;
      }
    }
  }
}
