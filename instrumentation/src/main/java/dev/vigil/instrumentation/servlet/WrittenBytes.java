package dev.vigil.instrumentation.servlet;

import java.lang.reflect.Method;

/**
 * How many body bytes a servlet container's response has been given by the app, read from the
 * container's own count, because the servlet API has none and an app that writes without setting a
 * length leaves no {@code Content-Length} until the container completes the response. Each container
 * class is probed once for the public accessors it is known to have: Tomcat's facade
 * ({@code getContentWritten}), Jetty 12's ({@code getServletChannel().getServletContextResponse()
 * .getHttpOutput().getWritten()}), Jetty 9 to 11's ({@code getHttpOutput().getWritten()}). Anything
 * else reads as unknown. Shared by both namespaces: JDK types only.
 */
public final class WrittenBytes {
  private static final String[][] ACCESSORS = {
    {"getContentWritten"},
    {"getServletChannel", "getServletContextResponse", "getHttpOutput", "getWritten"},
    {"getHttpOutput", "getWritten"},
  };
  private static final Method[] NONE = new Method[0];
  /**
   * The last response class and its accessors, as one array so both are read together: a container
   * has one response class. No {@code ClassValue}: its subclass would be one more class to inject
   * into every loader this helper is defined in.
   */
  private static volatile Object[] last = {null, NONE};

  private WrittenBytes() {}

  /** The count, or -1 when the response's class has none Vigil knows. */
  public static long of(Object response) throws Exception {
    Object[] known = last;
    Method[] chain;
    if (known[0] == response.getClass()) {
      chain = (Method[]) known[1];
    } else {
      chain = chainOf(response.getClass());
      last = new Object[] {response.getClass(), chain};
    }
    if (chain.length == 0) {
      return -1;
    }
    Object value = response;
    for (Method step : chain) {
      value = step.invoke(value);
      if (value == null) {
        return -1;
      }
    }
    return ((Number) value).longValue();
  }

  private static Method[] chainOf(Class<?> type) {
    for (String[] names : ACCESSORS) {
      Method[] chain = new Method[names.length];
      Class<?> at = type;
      for (int i = 0; i < names.length && at != null; i++) {
        chain[i] = publicMethod(at, names[i]);
        at = chain[i] == null ? null : chain[i].getReturnType();
      }
      if (at == long.class || at == int.class) {
        return chain;
      }
    }
    return NONE;
  }

  private static Method publicMethod(Class<?> type, String name) {
    try {
      Method method = type.getMethod(name);
      // only through a public class: a public method of a container-private class cannot be invoked from here
      return java.lang.reflect.Modifier.isPublic(method.getDeclaringClass().getModifiers()) ? method : null;
    } catch (NoSuchMethodException | SecurityException e) {
      return null;
    }
  }
}
