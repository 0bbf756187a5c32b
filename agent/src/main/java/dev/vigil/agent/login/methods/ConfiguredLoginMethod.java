package dev.vigil.agent.login.methods;

import dev.vigil.bootstrap.AgentLog;
import dev.vigil.bootstrap.LoginMethod;
import dev.vigil.bootstrap.LoginResult;
import java.lang.reflect.Constructor;
import java.util.HashSet;
import java.util.Set;

/** A {@link LoginMethodSpec} at work: what the login-method advice asks while the method runs. */
final class ConfiguredLoginMethod implements LoginMethod {
  /** The message of a locked attempt's exception: what any failed login could say. */
  static final String LOCKED_MESSAGE = "Login failed";

  private final LoginMethodSpec spec;
  private final String name;
  private final Set<String> failures;
  private final Set<String> unknownUsers;

  ConfiguredLoginMethod(LoginMethodSpec spec) {
    this.spec = spec;
    this.name = spec.displayName();
    this.failures = new HashSet<>(spec.failureExceptions());
    this.unknownUsers = new HashSet<>(spec.unknownUserExceptions());
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String username(Object[] arguments) {
    return spec.username().read(arguments, name);
  }

  @Override
  public int result(Object returned, Throwable thrown) {
    if (thrown != null) {
      if (isA(thrown, unknownUsers)) {
        return LoginResult.UNKNOWN_USER;
      }
      // any other exception (a database down) says nothing about the password
      return isA(thrown, failures) ? LoginResult.FAILURE : LoginResult.NOT_COUNTED;
    }
    switch (spec.success()) {
      case RETURNS_TRUE:
        return Boolean.TRUE.equals(returned) ? LoginResult.SUCCESS : LoginResult.FAILURE;
      case RETURNS_NON_NULL:
        return returned != null ? LoginResult.SUCCESS : LoginResult.FAILURE;
      default:
        return LoginResult.SUCCESS;
    }
  }

  @Override
  public boolean failsByException() {
    return spec.success() == SuccessRule.NO_EXCEPTION;
  }

  @Override
  public Throwable lockedFailure(Class<?> declaringType) {
    String exception = spec.failureExceptions().get(0);
    try {
      Class<?> type = Class.forName(exception, false, declaringType.getClassLoader());
      if (!Throwable.class.isAssignableFrom(type)) {
        throw new ClassCastException(exception + " is not an exception");
      }
      return (Throwable) newInstance(type);
    } catch (Exception | LinkageError e) {
      AgentLog.errorOnce(
          "login-method-failure:" + name,
          "cannot create " + exception + " to refuse a locked-out login to " + name + "; such attempts are let through",
          e);
      return null;
    }
  }

  /** With the message constructor if there is one, else the no-argument one. */
  private static Object newInstance(Class<?> type) throws ReflectiveOperationException {
    try {
      return accessible(type.getDeclaredConstructor(String.class)).newInstance(LOCKED_MESSAGE);
    } catch (NoSuchMethodException noMessageConstructor) {
      return accessible(type.getDeclaredConstructor()).newInstance();
    }
  }

  private static <T> Constructor<T> accessible(Constructor<T> constructor) throws IllegalAccessException {
    if (!constructor.trySetAccessible()) {
      throw new IllegalAccessException(constructor + " is not accessible");
    }
    return constructor;
  }

  @Override
  public Object lockedReturn() {
    return spec.success() == SuccessRule.RETURNS_TRUE ? Boolean.FALSE : null;
  }

  /** Whether {@code thrown} is one of {@code names} or a subclass of one, compared by name (nothing is loaded). */
  private static boolean isA(Throwable thrown, Set<String> names) {
    if (names.isEmpty()) {
      return false;
    }
    for (Class<?> c = thrown.getClass(); c != null; c = c.getSuperclass()) {
      if (names.contains(c.getName())) {
        return true;
      }
    }
    return false;
  }
}
