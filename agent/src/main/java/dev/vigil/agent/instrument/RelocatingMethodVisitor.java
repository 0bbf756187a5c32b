package dev.vigil.agent.instrument;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.TypePath;

/**
 * A method body streaming through with new locals inserted right after its parameters: the body's
 * own locals move up past them and every (expanded) stack map frame gets their types there.
 * Subclasses emit their own code straight to the next visitor ({@code mv}, never moved) and hear of
 * each instruction of the body through {@link #beforeBodyInstruction} and {@link #beforeReturn}.
 */
abstract class RelocatingMethodVisitor extends MethodVisitor {
  private final String where;
  /** The first inserted slot: the first after the parameters. */
  final int insertedSlot;
  private final Object[] insertedTypes;
  private final int insertedSize;

  /** @param insertedTypes the new locals' frame types, in slot order */
  RelocatingMethodVisitor(MethodVisitor next, String where, int insertedSlot, Object[] insertedTypes) {
    super(Opcodes.ASM9, next);
    this.where = where;
    this.insertedSlot = insertedSlot;
    this.insertedTypes = insertedTypes.clone();
    int size = 0;
    for (Object type : insertedTypes) {
      size += type == Opcodes.LONG || type == Opcodes.DOUBLE ? 2 : 1;
    }
    this.insertedSize = size;
  }

  /** Called before every instruction of the body but its returns. */
  abstract void beforeBodyInstruction();

  /** Called before each return of the body, instead; the return follows. */
  abstract void beforeReturn(int opcode);

  /** Called right after each return of the body. */
  abstract void afterReturn();

  /** The slots the parameters (and {@code this}) take: where the inserted local goes. */
  static int parameterSlots(int access, String descriptor) {
    int slots = (access & Opcodes.ACC_STATIC) != 0 ? 0 : 1;
    for (Type argument : Type.getArgumentTypes(descriptor)) {
      slots += argument.getSize();
    }
    return slots;
  }

  private int shifted(int slot) {
    return slot >= insertedSlot ? slot + insertedSize : slot;
  }

  @Override
  public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
    if (type != Opcodes.F_NEW) {
      throw new IllegalStateException("frames must be expanded");
    }
    List<Object> locals = new ArrayList<Object>(numLocal + insertedTypes.length);
    int slot = 0;
    int entry = 0;
    for (; entry < numLocal && slot < insertedSlot; entry++) {
      locals.add(local[entry]);
      slot += local[entry] == Opcodes.LONG || local[entry] == Opcodes.DOUBLE ? 2 : 1;
    }
    if (slot > insertedSlot) {
      throw new IllegalStateException("a two-slot local straddles the parameters in " + where);
    }
    for (; slot < insertedSlot; slot++) {
      locals.add(Opcodes.TOP);
    }
    for (Object inserted : insertedTypes) {
      locals.add(inserted);
    }
    for (; entry < numLocal; entry++) {
      locals.add(local[entry]);
    }
    frameSeen();
    super.visitFrame(Opcodes.F_NEW, locals.size(), locals.toArray(), numStack, stack);
  }

  /** The body brought a frame of its own at this point. */
  void frameSeen() {}

  @Override
  public void visitInsn(int opcode) {
    if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
      beforeReturn(opcode);
      super.visitInsn(opcode);
      afterReturn();
    } else {
      beforeBodyInstruction();
      super.visitInsn(opcode);
    }
  }

  @Override
  public void visitVarInsn(int opcode, int slot) {
    if ((opcode == Opcodes.LSTORE || opcode == Opcodes.DSTORE) && slot == insertedSlot - 1) {
      // its second half would be the first inserted slot, which the body must never touch
      throw new IllegalStateException("a two-slot store over the last parameter of " + where);
    }
    beforeBodyInstruction();
    super.visitVarInsn(opcode, shifted(slot));
  }

  @Override
  public void visitIincInsn(int slot, int increment) {
    beforeBodyInstruction();
    super.visitIincInsn(shifted(slot), increment);
  }

  @Override
  public void visitLocalVariable(String name, String descriptor, String signature, Label start, Label end, int slot) {
    super.visitLocalVariable(name, descriptor, signature, start, end, shifted(slot));
  }

  @Override
  public AnnotationVisitor visitLocalVariableAnnotation(
      int typeRef, TypePath typePath, Label[] start, Label[] end, int[] slots, String descriptor, boolean visible) {
    int[] moved = new int[slots.length];
    for (int i = 0; i < slots.length; i++) {
      moved[i] = shifted(slots[i]);
    }
    return super.visitLocalVariableAnnotation(typeRef, typePath, start, end, moved, descriptor, visible);
  }

  @Override
  public void visitIntInsn(int opcode, int operand) {
    beforeBodyInstruction();
    super.visitIntInsn(opcode, operand);
  }

  @Override
  public void visitTypeInsn(int opcode, String type) {
    beforeBodyInstruction();
    super.visitTypeInsn(opcode, type);
  }

  @Override
  public void visitFieldInsn(int opcode, String fieldOwner, String name, String descriptor) {
    beforeBodyInstruction();
    super.visitFieldInsn(opcode, fieldOwner, name, descriptor);
  }

  @Override
  public void visitMethodInsn(int opcode, String methodOwner, String name, String descriptor, boolean isInterface) {
    beforeBodyInstruction();
    super.visitMethodInsn(opcode, methodOwner, name, descriptor, isInterface);
  }

  @Override
  public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
    beforeBodyInstruction();
    super.visitInvokeDynamicInsn(name, descriptor, bootstrap, arguments);
  }

  @Override
  public void visitJumpInsn(int opcode, Label label) {
    beforeBodyInstruction();
    super.visitJumpInsn(opcode, label);
  }

  @Override
  public void visitLdcInsn(Object value) {
    beforeBodyInstruction();
    super.visitLdcInsn(value);
  }

  @Override
  public void visitTableSwitchInsn(int min, int max, Label defaultLabel, Label... labels) {
    beforeBodyInstruction();
    super.visitTableSwitchInsn(min, max, defaultLabel, labels);
  }

  @Override
  public void visitLookupSwitchInsn(Label defaultLabel, int[] keys, Label[] labels) {
    beforeBodyInstruction();
    super.visitLookupSwitchInsn(defaultLabel, keys, labels);
  }

  @Override
  public void visitMultiANewArrayInsn(String descriptor, int dimensions) {
    beforeBodyInstruction();
    super.visitMultiANewArrayInsn(descriptor, dimensions);
  }
}
