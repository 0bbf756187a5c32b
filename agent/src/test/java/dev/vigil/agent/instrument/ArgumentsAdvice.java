package dev.vigil.agent.instrument;

import java.util.Arrays;

/** Test advice: records what the woven code hands over; answers in the method's place when told to. */
public final class ArgumentsAdvice {
  private ArgumentsAdvice() {}

  public static Object enter(Object self, Class<?> type, String method, Object[] arguments) {
    Recorded.CALLS.add(type.getName().substring(type.getName().lastIndexOf('$') + 1) + "." + method + Arrays.toString(arguments) + (self == null ? " static" : ""));
    return Recorded.answer;
  }

  public static boolean skips(Object state) {
    return !"none".equals(state);
  }

  public static Object skipped(Object state) {
    return state;
  }

  public static void exit(Object returned, Throwable thrown, Object state) {
    Recorded.CALLS.add("returned " + returned);
  }
}
