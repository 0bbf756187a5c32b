package dev.vigil.instrumentation;

/**
 * One value the woven code passes to an advice method, in the order the binding lists them. The
 * advice method's parameter is {@code Object} for the instance, an argument or a field (primitives
 * boxed), {@code Object[]} for all arguments, {@code Class} for the advised class and {@code String}
 * for the method's name.
 */
public final class AdviceArgument {
  public enum Kind {
    SELF,
    ARGUMENT,
    ALL_ARGUMENTS,
    DECLARING_CLASS,
    METHOD_NAME,
    FIELD
  }

  /** The instance ({@code null} in a static method). */
  public static final AdviceArgument SELF = new AdviceArgument(Kind.SELF, -1, null);
  public static final AdviceArgument ALL_ARGUMENTS = new AdviceArgument(Kind.ALL_ARGUMENTS, -1, null);
  public static final AdviceArgument DECLARING_CLASS = new AdviceArgument(Kind.DECLARING_CLASS, -1, null);
  public static final AdviceArgument METHOD_NAME = new AdviceArgument(Kind.METHOD_NAME, -1, null);

  private final Kind kind;
  private final int index;
  private final String fieldName;

  private AdviceArgument(Kind kind, int index, String fieldName) {
    this.kind = kind;
    this.index = index;
    this.fieldName = fieldName;
  }

  public static AdviceArgument argument(int index) {
    return new AdviceArgument(Kind.ARGUMENT, index, null);
  }

  /** An instance field the advised class itself declares (it may be private: the woven code reads it). */
  public static AdviceArgument field(String name) {
    return new AdviceArgument(Kind.FIELD, -1, name);
  }

  public Kind kind() {
    return kind;
  }

  public int index() {
    return index;
  }

  public String fieldName() {
    return fieldName;
  }

  /** The advice method's parameter type for this value, as a descriptor. */
  public String parameterDescriptor() {
    switch (kind) {
      case ALL_ARGUMENTS:
        return "[Ljava/lang/Object;";
      case DECLARING_CLASS:
        return "Ljava/lang/Class;";
      case METHOD_NAME:
        return "Ljava/lang/String;";
      default:
        return "Ljava/lang/Object;";
    }
  }
}
