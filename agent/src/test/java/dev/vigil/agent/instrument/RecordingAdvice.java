package dev.vigil.agent.instrument;

/** Test advice: records each call under its tag; skips the method when the input says so. */
public final class RecordingAdvice {
  private static final Object SKIP = new Object();

  private RecordingAdvice() {}

  /** Tagged with the method's name. */
  public static Object enter(String tag, Object input) {
    Recorded.CALLS.add(tag + " enter " + input);
    return "skip".equals(input) ? SKIP : tag;
  }

  /** Tagged with the advised class. */
  public static Object enter(Class<?> tag, Object input) {
    return enter(tag.getName(), input);
  }

  public static boolean skips(Object state) {
    return state == SKIP;
  }

  public static Object skipped(Object state) {
    Recorded.CALLS.add("skipped");
    return "answered by the advice";
  }

  public static void exit(Object returned, Throwable thrown, Object state, Object input) {
    Recorded.CALLS.add(state + " exit " + returned + " " + thrown);
  }
}
