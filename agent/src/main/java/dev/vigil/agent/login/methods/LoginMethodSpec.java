package dev.vigil.agent.login.methods;

import java.util.List;
import java.util.Objects;

/**
 * One entry of {@code login.methods}: an application method that is a login. The type is matched
 * by exact name, and so are its subclasses and implementations; every overload of the method that
 * takes the username argument and returns what {@link SuccessRule} reads is a login.
 */
public final class LoginMethodSpec {
  private final String className;
  private final String methodName;
  private final UsernamePath username;
  private final SuccessRule success;
  private final List<String> failureExceptions;
  private final List<String> unknownUserExceptions;

  /** Throws IllegalArgumentException when {@code success} is no-exception and no failure exception is named. */
  public LoginMethodSpec(
      String className, String methodName, UsernamePath username, SuccessRule success, List<String> failureExceptions, List<String> unknownUserExceptions) {
    this.className = Objects.requireNonNull(className, "className");
    this.methodName = Objects.requireNonNull(methodName, "methodName");
    this.username = Objects.requireNonNull(username, "username");
    this.success = Objects.requireNonNull(success, "success");
    this.failureExceptions = List.copyOf(failureExceptions);
    this.unknownUserExceptions = List.copyOf(unknownUserExceptions);
    if (success == SuccessRule.NO_EXCEPTION && this.failureExceptions.isEmpty()) {
      throw new IllegalArgumentException(
          "success: no-exception needs failureExceptions, the exception a wrong password throws (a locked attempt throws the first)");
    }
  }

  public String className() {
    return className;
  }

  public String methodName() {
    return methodName;
  }

  /** {@code className.methodName}: how audit lines and lockouts name the method. */
  public String displayName() {
    return className + "." + methodName;
  }

  public UsernamePath username() {
    return username;
  }

  public SuccessRule success() {
    return success;
  }

  /** Exceptions (by class name, subclasses included) that mean a failed login; a locked attempt throws the first. */
  public List<String> failureExceptions() {
    return failureExceptions;
  }

  /** Exceptions (by class name, subclasses included) that mean the account does not exist. */
  public List<String> unknownUserExceptions() {
    return unknownUserExceptions;
  }

  @Override
  public String toString() {
    return displayName() + "(username " + username + ", success " + success.yamlName() + ")";
  }
}
