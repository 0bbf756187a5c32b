package dev.vigil.agent.instrument;

import dev.vigil.instrumentation.AdviceBinding;
import java.util.ArrayList;
import java.util.Arrays;
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
 *   copies = (this, args)                                  // when exit reads any of them
 *   state = Advice.enter(args)
 *   if (Advice.skips(state)) return (R) Advice.skipped(state)     // a skipping advice only
 *   try { original body }                                          // every return first calls
 *   catch (Throwable t) { Advice.exit(null, t, state, copies); throw t; }   // Advice.exit(value, null, state, copies)
 * </pre>
 *
 * The state and the copies live in locals {@link RelocatingMethodVisitor} inserts after the
 * parameters, so the frames stay exact without being recomputed (recomputing them would load
 * classes from inside a class file transformer). Exit reads the copies, never the parameters' own
 * slots, which a body may reuse for other values; so the handler's frame says nothing of those
 * slots and fits any code the body has. The exception range leaves out the exit calls before each
 * return, so an exit is never run twice. This visitor's own code goes straight to the next visitor.
 */
final class AdviceMethodVisitor extends RelocatingMethodVisitor {
  private static final String OBJECT = "java/lang/Object";
  private static final String THROWABLE = "java/lang/Throwable";

  private final AdviceBinding binding;
  private final String advice;
  private final String owner;
  private final Type returnType;
  private final boolean isStatic;
  private final boolean frames;
  private final AdviceValues parameters;
  /** Where exit reads the instance and arguments: copies made at entry, or null when it reads none. */
  private final AdviceValues copies;
  private final int stateSlot;
  /** The locals at entry: the parameters, then the inserted ones. */
  private final Object[] entryLocals;
  /** The handler's: nothing said of the parameters' slots, then the inserted ones. */
  private final Object[] handlerLocals;
  private final List<Label> ranges = new ArrayList<Label>();
  private Label rangeStart;
  private boolean rangeHasCode;
  private boolean bodyFrameDue;

  AdviceMethodVisitor(MethodVisitor next, AdviceBinding binding, String owner, int classVersion, Map<String, String> fieldDescriptors,
      int access, String methodName, String descriptor) {
    this(next, binding, owner, classVersion & 0xFFFF, access, methodName, descriptor,
        new AdviceValues(next, owner, methodName, access, descriptor, classVersion & 0xFFFF, fieldDescriptors));
  }

  private AdviceMethodVisitor(MethodVisitor next, AdviceBinding binding, String owner, int version, int access, String methodName,
      String descriptor, AdviceValues parameters) {
    this(next, binding, owner, version, access, methodName, descriptor, parameters, inserted(binding, parameters));
  }

  private AdviceMethodVisitor(MethodVisitor next, AdviceBinding binding, String owner, int version, int access, String methodName,
      String descriptor, AdviceValues parameters, Object[] inserted) {
    super(next, owner + "." + methodName, parameterSlots(access, descriptor), inserted);
    this.binding = binding;
    this.advice = binding.adviceClassName().replace('.', '/');
    this.owner = owner;
    this.returnType = Type.getReturnType(descriptor);
    this.isStatic = (access & Opcodes.ACC_STATIC) != 0;
    this.frames = version >= Opcodes.V1_6;
    this.parameters = parameters;
    this.stateSlot = insertedSlot;
    this.copies = inserted.length > 1 ? parameters.copiedTo(stateSlot + 1) : null;
    this.entryLocals = concat(parameters.frameTypes(), inserted);
    Object[] unknown = new Object[insertedSlot];
    Arrays.fill(unknown, Opcodes.TOP);
    this.handlerLocals = concat(unknown, inserted);
  }

  private static boolean copiesExitReads(AdviceBinding binding) {
    return AdviceValues.readsParameters(binding.exitArguments());
  }

  /** The state, then (when exit reads them) copies of the instance and the arguments. */
  private static Object[] inserted(AdviceBinding binding, AdviceValues parameters) {
    Object[] state = {OBJECT};
    return copiesExitReads(binding) ? concat(state, parameters.frameTypes()) : state;
  }

  private static Object[] concat(Object[] first, Object[] second) {
    Object[] both = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
  }

  @Override
  public void visitCode() {
    super.visitCode();
    if (copies != null) {
      parameters.storeCopies(copies);
    }
    parameters.pushArguments(binding.enterArguments());
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
    if (!binding.fieldsResetOnSkip().isEmpty() && isStatic) {
      throw new IllegalStateException("a static method of " + owner + " has no instance fields to reset");
    }
    for (String field : binding.fieldsResetOnSkip()) {
      String descriptor = parameters.fieldDescriptor(field);
      mv.visitVarInsn(Opcodes.ALOAD, 0);
      parameters.pushDefault(Type.getType(descriptor));
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
      parameters.pushDefault(returnType);
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
    if (returnType.getSort() == Type.VOID) {
      mv.visitInsn(Opcodes.ACONST_NULL);
    } else {
      mv.visitInsn(returnType.getSize() == 2 ? Opcodes.DUP2 : Opcodes.DUP);
      parameters.box(returnType);
    }
    mv.visitInsn(Opcodes.ACONST_NULL);
    callExit();
  }

  @Override
  void afterReturn() {
    startRange();
  }

  /** Below the stack's top two values (returned, thrown) the state and the exit arguments follow. */
  private void callExit() {
    mv.visitVarInsn(Opcodes.ALOAD, stateSlot);
    (copies != null ? copies : parameters).pushArguments(binding.exitArguments());
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
        mv.visitFrame(Opcodes.F_NEW, handlerLocals.length, handlerLocals.clone(), 1, new Object[] {THROWABLE});
      }
      mv.visitInsn(Opcodes.DUP);
      mv.visitInsn(Opcodes.ACONST_NULL);
      mv.visitInsn(Opcodes.SWAP);
      callExit();
      mv.visitInsn(Opcodes.ATHROW);
    }
    super.visitMaxs(maxStack, maxLocals);
  }
}
