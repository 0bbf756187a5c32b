package dev.vigil.agent.instrument;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.woven.Shapes;
import dev.vigil.instrumentation.AdviceArgument;
import dev.vigil.instrumentation.AdviceBinding;
import dev.vigil.instrumentation.MethodMatcher;
import dev.vigil.instrumentation.TypeInstrumentation;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Woven fixtures run: what the advice sees and does, and that every shape of method stays valid. */
class AdviceWeaverTest {
  private static AdviceBinding recording(String tag) {
    return new AdviceBinding(MethodMatcher.named("handle").takingArguments(1), RecordingAdvice.class.getName())
        .enterWith(tagged(tag), AdviceArgument.argument(0))
        .exitWith(AdviceArgument.argument(0))
        .skipping();
  }

  /** The tag is the method's name read back, prefixed: it tells the two modules' calls apart. */
  private static AdviceArgument tagged(String tag) {
    return "first".equals(tag) ? AdviceArgument.METHOD_NAME : AdviceArgument.DECLARING_CLASS;
  }

  private static AdviceBinding arguments(String method) {
    return new AdviceBinding(MethodMatcher.named(method), ArgumentsAdvice.class.getName())
        .enterWith(AdviceArgument.SELF, AdviceArgument.DECLARING_CLASS, AdviceArgument.METHOD_NAME, AdviceArgument.ALL_ARGUMENTS)
        .skipping();
  }

  private final Weaving weaving =
      new Weaving(
          Weaving.module("handlers", TypeInstrumentation.subtypesOf(List.of(Shapes.Handler.class.getName()), recording("first"))),
          Weaving.module("other-handlers", TypeInstrumentation.subtypesOf(List.of(Shapes.OtherHandler.class.getName()), recording("second"))),
          Weaving.module("tangled", TypeInstrumentation.named(Shapes.Tangled.class.getName(), arguments("sum"), arguments("check"))));

  @BeforeEach
  void forget() {
    Recorded.CALLS.clear();
    Recorded.answer = "none";
  }

  private static Object call(Object target, String method, Object... arguments) throws Throwable {
    for (Method candidate : target instanceof Class ? ((Class<?>) target).getMethods() : target.getClass().getMethods()) {
      if (candidate.getName().equals(method) && candidate.getParameterCount() == arguments.length) {
        try {
          return candidate.invoke(target instanceof Class ? null : target, arguments);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
      }
    }
    throw new AssertionError("no method " + method);
  }

  @Test
  void enterAndExitSeeEveryReturnAndEveryException() throws Throwable {
    Object plain = weaving.load(Shapes.Plain.class).getDeclaredConstructor().newInstance();
    assertThat(call(plain, "handle", "x")).isEqualTo("plain x");
    assertThatThrownBy(() -> call(plain, "handle", "fail")).isInstanceOf(IOException.class).hasMessage("the app's own failure");
    assertThat(Recorded.CALLS)
        .containsExactly(
            "handle enter x", "handle exit plain x null",
            "handle enter fail", "handle exit null java.io.IOException: the app's own failure");
  }

  @Test
  void anAdviceThatAnswersSkipsTheBodyAndTheExit() throws Throwable {
    Class<?> woven = weaving.load(Shapes.Plain.class);
    Object plain = woven.getDeclaredConstructor().newInstance();
    assertThat(call(plain, "handle", "skip")).isEqualTo("answered by the advice");
    assertThat(woven.getField("bodyRuns").getInt(null)).isZero();
    assertThat(Recorded.CALLS).containsExactly("handle enter skip", "skipped");
  }

  @Test
  void aClassGetsTheAdviceOfEachModuleWhoseRootItReachesOnceTheFirstOutermost() throws Throwable {
    assertThat(weaving.advisedMethods(Shapes.Plain.class)).containsExactly("handle(Ljava/lang/String;)Ljava/lang/String;");
    assertThat(weaving.enterCalls(Shapes.Plain.class)).isEqualTo(1);
    Object both = weaving.load(Shapes.Both.class).getDeclaredConstructor().newInstance();
    assertThat(call(both, "handle", "x")).isEqualTo("both x");
    assertThat(Recorded.CALLS).containsExactly("handle enter x", "com.example.woven.Shapes$Both enter x",
        "com.example.woven.Shapes$Both exit both x null", "handle exit both x null");
  }

  @Test
  void loopsAtTheFirstInstructionOwnHandlersSwitchesAndTwoSlotLocalsStayValid() throws Throwable {
    Class<?> woven = weaving.load(Shapes.Tangled.class);
    Object tangled = woven.getDeclaredConstructor().newInstance();
    assertThat(call(tangled, "handle", "  2")).isEqualTo("two");
    assertThat(call(tangled, "handle", "x")).isEqualTo("not a number: x");
    assertThat(call(tangled, "handle", "200")).isEqualTo("big 201");
    assertThat(call(woven, "sum", -2L, 2.5, 3)).isEqualTo(5L);
    assertThat(call(tangled, "check", 4)).isEqualTo(true);
    assertThat(Recorded.CALLS).containsExactly(
        "handle enter   2", "handle exit two null",
        "handle enter x", "handle exit not a number: x null",
        "handle enter 200", "handle exit big 201 null",
        "Tangled.sum[-2, 2.5, 3] static", "returned 5",
        "Tangled.check[4]", "returned true");
  }

  @Test
  void anAnswerForAPrimitiveIsUnboxedAndNullIsZero() throws Throwable {
    Class<?> woven = weaving.load(Shapes.Tangled.class);
    Recorded.answer = 42L;
    assertThat(call(woven, "sum", 1L, 1.0, 1)).isEqualTo(42L);
    Recorded.answer = null;
    assertThat(call(woven, "sum", 1L, 1.0, 1)).as("not a NullPointerException in the app").isEqualTo(0L);
    assertThat(call(woven.getDeclaredConstructor().newInstance(), "check", 9)).isEqualTo(false);
  }

  @Test
  void aClassNoBindingMatchesIsLeftAsItIs() throws Exception {
    assertThat(weaving.wovenBytes(String.class)).isNull();
    assertThat(weaving.wovenBytes(Shapes.Handler.class)).as("an interface: no code").isNull();
  }
}
