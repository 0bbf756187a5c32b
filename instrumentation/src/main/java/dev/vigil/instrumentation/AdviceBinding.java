package dev.vigil.instrumentation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Which methods of a matched type get which advice class (by name), and what the woven code hands
 * it. The advice class is defined in the advised class's own loader (like a module's helpers) and
 * called, never inlined; its public static methods are:
 *
 * <ul>
 *   <li>{@code Object enter(<enter arguments>)}: first thing in the method; what it returns (its
 *       state, or null) is kept for the methods below;
 *   <li>for an advice that may answer in the method's place ({@link #skipping()}): {@code boolean
 *       skips(Object state)}, asked right after enter, and {@code Object skipped(Object state)}, which
 *       gives what the method returns instead (boxed; null for void or a reference) or throws what it
 *       throws instead. The method's body does not run and exit is not called;
 *   <li>{@code void exit(Object returned, Throwable thrown, Object state, <exit arguments>)}: on every
 *       return (the value boxed, null for void) and every exception leaving the body, which goes on
 *       unchanged.
 * </ul>
 *
 * Advice methods never throw into the application: each catches what goes wrong in it (and logs it
 * through {@code AgentLog.adviceError}), but for the deliberate throw of {@code skipped}.
 */
public final class AdviceBinding {
  public static final String ENTER = "enter";
  public static final String SKIPS = "skips";
  public static final String SKIPS_DESCRIPTOR = "(Ljava/lang/Object;)Z";
  public static final String SKIPPED = "skipped";
  public static final String SKIPPED_DESCRIPTOR = "(Ljava/lang/Object;)Ljava/lang/Object;";
  public static final String EXIT = "exit";

  private final MethodMatcher methods;
  private final String adviceClassName;
  private List<AdviceArgument> enterArguments = Collections.emptyList();
  private List<AdviceArgument> exitArguments = Collections.emptyList();
  private boolean skipping;
  private List<String> fieldsResetOnSkip = Collections.emptyList();

  public AdviceBinding(MethodMatcher methods, String adviceClassName) {
    this.methods = methods;
    this.adviceClassName = adviceClassName;
  }

  public AdviceBinding enterWith(AdviceArgument... arguments) {
    enterArguments = Collections.unmodifiableList(new ArrayList<AdviceArgument>(Arrays.asList(arguments)));
    return this;
  }

  public AdviceBinding exitWith(AdviceArgument... arguments) {
    exitArguments = Collections.unmodifiableList(new ArrayList<AdviceArgument>(Arrays.asList(arguments)));
    return this;
  }

  /** The advice may answer in the method's place ({@code skips} / {@code skipped}). */
  public AdviceBinding skipping() {
    skipping = true;
    return this;
  }

  /**
   * Instance fields of the advised class set to their default value (false, 0, null) when the body
   * is skipped: what the skipped body would have done first, where the advice cannot reach.
   */
  public AdviceBinding resettingOnSkip(String... fieldNames) {
    fieldsResetOnSkip = Collections.unmodifiableList(new ArrayList<String>(Arrays.asList(fieldNames)));
    return this;
  }

  public MethodMatcher methods() {
    return methods;
  }

  public String adviceClassName() {
    return adviceClassName;
  }

  public List<AdviceArgument> enterArguments() {
    return enterArguments;
  }

  public List<AdviceArgument> exitArguments() {
    return exitArguments;
  }

  public boolean isSkipping() {
    return skipping;
  }

  public List<String> fieldsResetOnSkip() {
    return fieldsResetOnSkip;
  }

  public String enterDescriptor() {
    return "(" + descriptors(enterArguments) + ")Ljava/lang/Object;";
  }

  public String exitDescriptor() {
    return "(Ljava/lang/Object;Ljava/lang/Throwable;Ljava/lang/Object;" + descriptors(exitArguments) + ")V";
  }

  private static String descriptors(List<AdviceArgument> arguments) {
    StringBuilder descriptors = new StringBuilder();
    for (AdviceArgument argument : arguments) {
      descriptors.append(argument.parameterDescriptor());
    }
    return descriptors.toString();
  }
}
