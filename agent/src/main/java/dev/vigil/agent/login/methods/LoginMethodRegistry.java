package dev.vigil.agent.login.methods;

import dev.vigil.bootstrap.LoginMethod;
import dev.vigil.bootstrap.LoginMethods;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the configured login method a call is in, from the class that declares the advised method
 * and its name. The configured type may be that class, a superclass or an interface it implements;
 * the answer for each class is worked out once and kept with the class ({@link ClassValue}: no map
 * that could keep an application's class loader alive). When a class inherits the same method name
 * from two configured types, its own class chain wins over its interfaces.
 */
public final class LoginMethodRegistry implements LoginMethods.Registry {
  /** configured type name -> method name -> method */
  private final Map<String, Map<String, LoginMethod>> byType = new HashMap<>();
  private final ClassValue<Map<String, LoginMethod>> byClass =
      new ClassValue<>() {
        @Override
        protected Map<String, LoginMethod> computeValue(Class<?> type) {
          return resolve(type);
        }
      };

  public LoginMethodRegistry(List<LoginMethodSpec> specs) {
    for (LoginMethodSpec spec : specs) {
      byType.computeIfAbsent(spec.className(), ignored -> new HashMap<>()).putIfAbsent(spec.methodName(), new ConfiguredLoginMethod(spec));
    }
  }

  @Override
  public LoginMethod find(Class<?> type, String method) {
    return type == null || method == null ? null : byClass.get(type).get(method);
  }

  /** Superclasses first, then interfaces breadth first: the nearest configured type names the method. */
  private Map<String, LoginMethod> resolve(Class<?> type) {
    Map<String, LoginMethod> methods = new HashMap<>();
    Deque<Class<?>> interfaces = new ArrayDeque<>();
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      addConfigured(c, methods);
      interfaces.addAll(List.of(c.getInterfaces()));
    }
    Set<Class<?>> seen = new HashSet<>();
    while (!interfaces.isEmpty()) {
      Class<?> next = interfaces.poll();
      if (seen.add(next)) {
        addConfigured(next, methods);
        interfaces.addAll(List.of(next.getInterfaces()));
      }
    }
    return methods.isEmpty() ? Map.of() : Map.copyOf(methods);
  }

  private void addConfigured(Class<?> type, Map<String, LoginMethod> methods) {
    Map<String, LoginMethod> configured = byType.get(type.getName());
    if (configured != null) {
      configured.forEach(methods::putIfAbsent);
    }
  }
}
