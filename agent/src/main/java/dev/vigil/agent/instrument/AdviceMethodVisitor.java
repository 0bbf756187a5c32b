package dev.vigil.agent.instrument;

import dev.vigil.instrumentation.AdviceArgument;
import dev.vigil.instrumentation.AdviceBinding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Weaves one advice into one method, as it streams from the class reader (frames expanded) to the
 * writer:
 *
 * <pre>
 *   state = Advice.enter(args)
 *   if (Advice.skips(state)) return (R) Advice.skipped(state)     // a skipping advice only
 *   try { original body }                                          // every return first calls
 *   catch (Throwable t) { Advice.exit(null, t, state, args); throw t; }   // Advice.exit(value, null, state, args)
 * </pre>
 *
 * The state lives in the local {@link RelocatingMethodVisitor} inserts after the parameters, so the
 * frames stay exact without being recomputed (recomputing them would load classes from inside a
 * class file transformer); this visitor's own code goes straight to the next visitor. The exception
 * range leaves out the exit calls before each return, so an exit is never run twice.
 */
final class AdviceMethodVisitor extends RelocatingMethodVisitor {
  private static final String OBJECT = "java/lang/Object";
  private static final String THROWABLE = "java/lang/Throwable";

  private final AdviceBinding binding;
  private final String advice;
  private final String owner;
  private final Type returnType;
  private final boolean frames;
  private final AdviceValues values;
  private final int stateSlot;
  private final Object[] entryLocals;
  private final List<Label> ranges = new ArrayList<Label>();
  private Label rangeStart;
  private boolean rangeHasCode;
  private boolean bodyFrameDue;

  AdviceMethodVisitor(MethodVisitor next, AdviceBinding binding, String owner, int classVersion, Map<String, String> fieldDescriptors,
      int access, String methodName, String descriptor) {
    super(next, owner + "." + methodName, parameterSlots(access, descriptor), OBJECT);
    this.binding = binding;
    this.advice = binding.adviceClassName().replace('.', '/');
    this.owner = owner;
    this.returnType = Type.getReturnType(descriptor);
    int version = classVersion & 0xFFFF;
    this.frames = version >= Opcodes.V1_6;
    this.values = new AdviceValues(next, owner, methodName, access, descriptor, version, fieldDescriptors);
    List<Object> locals = new ArrayList<Object>();
    if ((access & Opcodes.ACC_STATIC) == 0) {
      locals.add(owner);
    }
    for (Type argument : Type.getArgumentTypes(descriptor)) {
      locals.add(AdviceValues.frameType(argument));
    }
    locals.add(OBJECT);
    this.stateSlot = insertedSlot;
    this.entryLocals = locals.toArray();
  }

  @Override
  public void visitCode() {
    super.visitCode();
    values.pushArguments(binding.enterArguments());
    mv.visitMethodInsn(Opcodes.INVOKESTATIC, advice, AdviceBinding.ENTER, binding.enterDescriptor(), false);
    mv.visitVarInsn(Opcodes.ASTORE, stateSlot);
    if (binding.isSkipping()) {
      Label body = new Label();
      mv.visitVarInsn(Opcodes.ALOAD, stateSlot);
      mv.visitMethodInsn(Opcodes.INVOKESTATIC, advice, AdviceBinding.SKIPS, AdviceBinding.SKIPS_DESCRIPTOR, false);
      mv.visitJumpInsn(Opcodes.IFEQ, body);
      resetFields();
      mv.visitVarInsn(Opcodes.ALOAD, stateSlot);
      mv.visitMethodInsn(Opcodes.INVOKESTATIC, advice, AdviceBinding.SKIPPED, AdviceBinding.SKIPPED_DESCRIPTOR, false);
      returnSkippedValue();
      mv.visitLabel(body);
      // the body's first instruction may be a branch target with a frame of its own already
      bodyFrameDue = frames;
    }
    startRange();
  }

  private void resetFields() {
    for (String field : binding.fieldsResetOnSkip()) {
      String descriptor = values.fieldDescriptor(field);
      mv.visitVarInsn(Opcodes.ALOAD, 0);
      values.pushDefault(Type.getType(descriptor));
      mv.visitFieldInsn(Opcodes.PUTFIELD, owner, field, descriptor);
    }
  }

  /** What skipped() gave, as the method's return type; null for a primitive is its zero, not an NPE. */
  private void returnSkippedValue() {
    int sort = returnType.getSort();
    if (sort == Type.VOID) {
      mv.visitInsn(Opcodes.POP);
      mv.visitInsn(Opcodes.RETURN);
    } else if (sort == Type.OBJECT || sort == Type.ARRAY) {
      mv.visitTypeInsn(Opcodes.CHECKCAST, returnType.getInternalName());
      mv.visitInsn(Opcodes.ARETURN);
    } else {
      Label unbox = new Label();
      mv.visitInsn(Opcodes.DUP);
      mv.visitJumpInsn(Opcodes.IFNONNULL, unbox);
      mv.visitInsn(Opcodes.POP);
      values.pushDefault(returnType);
      mv.visitInsn(returnType.getOpcode(Opcodes.IRETURN));
      mv.visitLabel(unbox);
      if (frames) {
        mv.visitFrame(Opcodes.F_NEW, entryLocals.length, entryLocals.clone(), 1, new Object[] {OBJECT});
      }
      String box = Boxing.boxType(returnType);
      mv.visitTypeInsn(Opcodes.CHECKCAST, box);
      mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, box, returnType.getClassName() + "Value", "()" + returnType.getDescriptor(), false);
      mv.visitInsn(returnType.getOpcode(Opcodes.IRETURN));
    }
  }

  private void startRange() {
    rangeStart = new Label();
    mv.visitLabel(rangeStart);
    rangeHasCode = false;
  }

  private void endRange() {
    if (rangeHasCode) {
      Label end = new Label();
      mv.visitLabel(end);
      ranges.add(rangeStart);
      ranges.add(end);
    }
  }

  @Override
  void beforeBodyInstruction() {
    frameIfDue();
    rangeHasCode = true;
  }

  @Override
  void frameSeen() {
    bodyFrameDue = false;
  }

  private void frameIfDue() {
    if (bodyFrameDue) {
      bodyFrameDue = false;
      mv.visitFrame(Opcodes.F_NEW, entryLocals.length, entryLocals.clone(), 0, new Object[0]);
    }
  }

  @Override
  void beforeReturn(int opcode) {
    // the return itself stays out of the range: it comes after the exit call
    frameIfDue();
    endRange();
    callExitWithReturnValue();
  }

  @Override
  void afterReturn() {
    startRange();
  }

  private void callExitWithReturnValue() {
    if (returnType.getSort() == Type.VOID) {
      mv.visitInsn(Opcodes.ACONST_NULL);
    } else {
      mv.visitInsn(returnType.getSize() == 2 ? Opcodes.DUP2 : Opcodes.DUP);
      values.box(returnType);
    }
    mv.visitInsn(Opcodes.ACONST_NULL);
    callExit();
  }

  /** Below the stack's top two values (returned, thrown) the state and the exit arguments follow. */
  private void callExit() {
    mv.visitVarInsn(Opcodes.ALOAD, stateSlot);
    values.pushArguments(binding.exitArguments());
    mv.visitMethodInsn(Opcodes.INVOKESTATIC, advice, AdviceBinding.EXIT, binding.exitDescriptor(), false);
  }

  @Override
  public void visitMaxs(int maxStack, int maxLocals) {
    endRange();
    if (!ranges.isEmpty()) {
      Label handler = new Label();
      for (int i = 0; i < ranges.size(); i += 2) {
        // visited after the body's own handlers, so it is the outermost: those catch first
        mv.visitTryCatchBlock(ranges.get(i), ranges.get(i + 1), handler, THROWABLE);
      }
      mv.visitLabel(handler);
      if (frames) {
        mv.visitFrame(Opcodes.F_NEW, entryLocals.length, entryLocals.clone(), 1, new Object[] {THROWABLE});
      }
      mv.visitInsn(Opcodes.DUP);
      mv.visitInsn(Opcodes.ACONST_NULL);
      mv.visitInsn(Opcodes.SWAP);
      callExit();
      mv.visitInsn(Opcodes.ATHROW);
    }
    super.visitMaxs(maxStack, maxLocals + 1);
  }
}
