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
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
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

  /**
   * What other compilers and ASM-computed frames produce: a parameter's slot reused for an int, with
   * a loop over it, and unreachable code (ASM turns it into nop..athrow under a frame with no
   * locals). The woven class must verify and behave.
   */
  @Test
  void aParameterSlotReusedForAnotherTypeAndDeadCodeStayOutOfTheExceptionRange() throws Throwable {
    Class<?> woven = weaving.load("com.example.woven.Reused", reusedParameterSlot());
    Object reused = woven.getDeclaredConstructor().newInstance();
    assertThat(call(reused, "handle", "x")).isEqualTo("done");
    assertThat(Recorded.CALLS).containsExactly("handle enter x", "handle exit done null");
  }

  /** {@code String handle(String s) { int s' = 3; do { s'--; } while (s' > 0); return "done"; <dead> }} */
  private static byte[] reusedParameterSlot() {
    ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
    writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "com/example/woven/Reused", null, "java/lang/Object",
        new String[] {Shapes.Handler.class.getName().replace('.', '/')});
    MethodVisitor init = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
    init.visitCode();
    init.visitVarInsn(Opcodes.ALOAD, 0);
    init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
    init.visitInsn(Opcodes.RETURN);
    init.visitMaxs(0, 0);
    init.visitEnd();
    MethodVisitor handle = writer.visitMethod(Opcodes.ACC_PUBLIC, "handle", "(Ljava/lang/String;)Ljava/lang/String;", null, null);
    handle.visitCode();
    handle.visitInsn(Opcodes.ICONST_3);
    handle.visitVarInsn(Opcodes.ISTORE, 1);
    Label loop = new Label();
    handle.visitLabel(loop);
    handle.visitIincInsn(1, -1);
    handle.visitVarInsn(Opcodes.ILOAD, 1);
    handle.visitJumpInsn(Opcodes.IFGT, loop);
    handle.visitLdcInsn("done");
    handle.visitInsn(Opcodes.ARETURN);
    handle.visitLdcInsn("dead");
    handle.visitInsn(Opcodes.ARETURN);
    handle.visitMaxs(0, 0);
    handle.visitEnd();
    writer.visitEnd();
    return writer.toByteArray();
  }

  @Test
  void aClassNoBindingMatchesIsLeftAsItIs() throws Exception {
    assertThat(weaving.wovenBytes(String.class)).isNull();
    assertThat(weaving.wovenBytes(Shapes.Handler.class)).as("an interface: no code").isNull();
  }
}
