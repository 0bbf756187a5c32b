package dev.vigil.agent.instrument;

import java.util.ArrayList;
import java.util.List;

/** What test advice saw: outside the advice classes, which are copied into each fixture's loader. */
public final class Recorded {
  public static final List<String> CALLS = new ArrayList<>();
  /** What {@link ArgumentsAdvice} answers in the method's place; "none" runs the body. */
  public static Object answer = "none";

  private Recorded() {}
}
