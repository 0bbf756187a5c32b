package dev.vigil.agent.login.methods;

import dev.vigil.bootstrap.AgentLog;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a configured login method's username is: {@code arg0} (the first argument itself), or a
 * chain of property reads on it such as {@code arg0.getCredentials.username}. Each step calls the
 * public no-argument method of that name, else its getter ({@code username} -> {@code
 * getUsername()}), else reads the field of that name. Accessors are looked up once per class.
 * Anything that cannot be read gives a null username (the attempt then counts by source only) and
 * one log line.
 */
public final class UsernamePath {
  public static final int MAX_ARGUMENT = 254;
  private static final Pattern ARGUMENT = Pattern.compile("arg(\\d{1,3})");

  private final String text;
  private final int argument;
  private final List<Step> steps;

  private UsernamePath(String text, int argument, List<Step> steps) {
    this.text = text;
    this.argument = argument;
    this.steps = steps;
  }

  /** Parses {@code argN(.name)*}; throws IllegalArgumentException with a short reason. */
  public static UsernamePath parse(String text) {
    String trimmed = text.trim();
    String[] parts = trimmed.split("\\.", -1);
    Matcher arg = ARGUMENT.matcher(parts[0]);
    if (!arg.matches() || Integer.parseInt(arg.group(1)) > MAX_ARGUMENT) {
      throw new IllegalArgumentException(
          "expected an argument such as arg0 or arg1, optionally followed by getters, e.g. arg0.getUsername");
    }
    List<Step> steps = new ArrayList<>();
    for (int i = 1; i < parts.length; i++) {
      if (!JavaNames.isIdentifier(parts[i])) {
        throw new IllegalArgumentException("'" + parts[i] + "' is not a method or field name (expected e.g. arg0.getUsername)");
      }
      steps.add(new Step(parts[i]));
    }
    return new UsernamePath(trimmed, Integer.parseInt(arg.group(1)), Collections.unmodifiableList(steps));
  }

  /** Index of the argument the path starts from (0-based). */
  public int argument() {
    return argument;
  }

  /** The username, or null when the argument is missing or null or a step cannot be read. */
  public String read(Object[] arguments, String methodName) {
    if (arguments == null || argument >= arguments.length) {
      return null;
    }
    Object value = arguments[argument];
    for (Step step : steps) {
      if (value == null) {
        return null;
      }
      try {
        value = step.read(value);
      } catch (Exception | LinkageError e) {
        AgentLog.errorOnce("login-method-username", "cannot read the username (" + text + ") of " + methodName + "; counted by source only", e);
        return null;
      }
    }
    if (value == null || value instanceof String) {
      return (String) value;
    }
    return value instanceof char[] ? new String((char[]) value) : String.valueOf(value);
  }

  @Override
  public String toString() {
    return text;
  }

  /** One property read; the accessor found for each class is kept with the class (no leak). */
  private static final class Step {
    private final String name;
    /** Transient: a cache of what {@code name} finds in each class, which a policy comparison skips (see SameSettings). */
    private final transient ClassValue<Object> accessors =
        new ClassValue<>() {
          @Override
          protected Object computeValue(Class<?> type) {
            return accessor(type);
          }
        };

    Step(String name) {
      this.name = name;
    }

    Object read(Object target) throws ReflectiveOperationException {
      Object accessor = accessors.get(target.getClass());
      if (accessor instanceof Method) {
        return ((Method) accessor).invoke(target);
      }
      if (accessor instanceof Field) {
        return ((Field) accessor).get(target);
      }
      throw new NoSuchMethodException(target.getClass().getName() + " has no method " + name + "(), getter or field " + name);
    }

    private Object accessor(Class<?> type) {
      String capitalised = Character.toUpperCase(name.charAt(0)) + name.substring(1);
      for (String candidate : new String[] {name, "get" + capitalised}) {
        Method method = method(type, candidate);
        if (method != null) {
          return method;
        }
      }
      for (Class<?> c = type; c != null; c = c.getSuperclass()) {
        for (Field field : c.getDeclaredFields()) {
          if (field.getName().equals(name) && !Modifier.isStatic(field.getModifiers()) && field.trySetAccessible()) {
            return field;
          }
        }
      }
      return "none";
    }

    private static Method method(Class<?> type, String name) {
      for (Class<?> c = type; c != null; c = c.getSuperclass()) {
        for (Method method : c.getDeclaredMethods()) {
          if (method.getName().equals(name) && method.getParameterCount() == 0 && !Modifier.isStatic(method.getModifiers())
              && method.getReturnType() != void.class && accessible(type, method)) {
            return method;
          }
        }
      }
      return null;
    }

    /** A public method may still sit in a non-public class: then it is called through setAccessible. */
    private static boolean accessible(Class<?> type, Method method) {
      return (Modifier.isPublic(method.getModifiers()) && Modifier.isPublic(method.getDeclaringClass().getModifiers()))
          || method.trySetAccessible();
    }
  }
}
