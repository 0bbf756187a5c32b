package dev.vigil.agent.telemetry.trace;

import dev.vigil.agent.reflect.PublicMethods;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;

/**
 * Reads one request header off the server's own request object (a javax/jakarta servlet request or
 * a JDK {@code HttpExchange}), and only when a span or event is about to be made, so advice does
 * not read headers on every request for nobody. Looked up once per request class; any failure
 * reads as "no header".
 */
public final class RequestHeaders {
  private static final MethodType STRING_BY_NAME = MethodType.methodType(String.class, String.class);
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
      MethodHandle getHeader = PublicMethods.find(type, "getHeader", STRING_BY_NAME);
      if (getHeader != null) {
        return new Reader(getHeader, null);
      }
      try {
        Class<?> headersType = type.getMethod("getRequestHeaders").getReturnType();
        MethodHandle headers = PublicMethods.find(type, "getRequestHeaders", MethodType.methodType(headersType));
        MethodHandle getFirst = PublicMethods.find(headersType, "getFirst", STRING_BY_NAME);
        if (headers != null && getFirst != null) {
          return new Reader(headers, getFirst);
        }
      } catch (NoSuchMethodException | RuntimeException unknownRequestType) {
        // no headers to read
      }
      return NONE;
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
