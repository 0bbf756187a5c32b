package dev.vigil.instrumentation.methods;

/**
 * One method to advise as a login: a type (its subclasses and implementations too), a method name,
 * the fewest arguments an overload must take to hold the username, and the return shape the
 * outcome is read from. Plain names: the instrumentation knows nothing of the policy behind them.
 */
public final class LoginMethodTarget {
  /** What the method must return for its outcome to be readable. */
  public enum Returns {
    /** {@code boolean} or {@code Boolean} (success = true). */
    BOOLEAN,
    /** Any object type (success = not null). */
    REFERENCE,
    /** Anything, void included (success = no exception). */
    ANY
  }

  private final String typeName;
  private final String methodName;
  private final int minArguments;
  private final Returns returns;

  public LoginMethodTarget(String typeName, String methodName, int minArguments, Returns returns) {
    this.typeName = typeName;
    this.methodName = methodName;
    this.minArguments = minArguments;
    this.returns = returns;
  }

  public String typeName() {
    return typeName;
  }

  public String methodName() {
    return methodName;
  }

  public int minArguments() {
    return minArguments;
  }

  public Returns returns() {
    return returns;
  }
}
