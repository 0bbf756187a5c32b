package dev.vigil.agent.login.methods;

/** Checks the Java names a policy writes for login methods, before any class is looked at. */
public final class JavaNames {
  private JavaNames() {}

  /** A method, field or package-segment name: a Java identifier. */
  public static boolean isIdentifier(String name) {
    if (name.isEmpty() || !Character.isJavaIdentifierStart(name.charAt(0))) {
      return false;
    }
    for (int i = 1; i < name.length(); i++) {
      if (!Character.isJavaIdentifierPart(name.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** A binary class name as Class.forName takes it: {@code com.example.Service}, {@code com.example.Outer$Inner}. */
  public static boolean isClassName(String name) {
    for (String part : name.split("\\.", -1)) {
      if (!isIdentifier(part)) {
        return false;
      }
    }
    return true;
  }
}
