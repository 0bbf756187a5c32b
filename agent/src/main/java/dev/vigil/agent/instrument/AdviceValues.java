package dev.vigil.agent.instrument;

import dev.vigil.instrumentation.AdviceArgument;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The code that puts an advice's values on the stack in one woven method: arguments (primitives
 * boxed), all of them as an array, the instance, a field, the class, the method's name; and the
 * zero of a type.
 */
final class AdviceValues {
  private static final String OBJECT = "java/lang/Object";

  private final MethodVisitor out;
  private final String owner;
  private final String methodName;
  private final boolean isStatic;
  private final Type[] arguments;
  private final int classVersion;
  private final Map<String, String> fieldDescriptors;
  /** Where the instance and each argument are read from: the parameters, or their copies. */
  private final int selfSlot;
  private final int[] argumentSlots;

  /** @param out where the code goes: past the visitor that moves the body's locals */
  AdviceValues(MethodVisitor out, String owner, String methodName, int access, String descriptor, int classVersion, Map<String, String> fieldDescriptors) {
    this.out = out;
    this.owner = owner;
    this.methodName = methodName;
    this.isStatic = (access & Opcodes.ACC_STATIC) != 0;
    this.arguments = Type.getArgumentTypes(descriptor);
    this.classVersion = classVersion;
    this.fieldDescriptors = fieldDescriptors;
    this.selfSlot = 0;
    this.argumentSlots = slotsFrom(isStatic ? 0 : 1, arguments);
  }

  private AdviceValues(AdviceValues parameters, int firstSlot) {
    this.out = parameters.out;
    this.owner = parameters.owner;
    this.methodName = parameters.methodName;
    this.isStatic = parameters.isStatic;
    this.arguments = parameters.arguments;
    this.classVersion = parameters.classVersion;
    this.fieldDescriptors = parameters.fieldDescriptors;
    this.selfSlot = firstSlot;
    this.argumentSlots = slotsFrom(isStatic ? firstSlot : firstSlot + 1, arguments);
  }

  private static int[] slotsFrom(int first, Type[] arguments) {
    int[] slots = new int[arguments.length];
    int slot = first;
    for (int i = 0; i < arguments.length; i++) {
      slots[i] = slot;
      slot += arguments[i].getSize();
    }
    return slots;
  }

  /** The same values read from copies of the instance and the arguments laid out from {@code firstSlot}. */
  AdviceValues copiedTo(int firstSlot) {
    return new AdviceValues(this, firstSlot);
  }

  /** Copies the instance and the arguments from where this reads them to where {@code copies} does. */
  void storeCopies(AdviceValues copies) {
    if (!isStatic) {
      out.visitVarInsn(Opcodes.ALOAD, selfSlot);
      out.visitVarInsn(Opcodes.ASTORE, copies.selfSlot);
    }
    for (int i = 0; i < arguments.length; i++) {
      out.visitVarInsn(arguments[i].getOpcode(Opcodes.ILOAD), argumentSlots[i]);
      out.visitVarInsn(arguments[i].getOpcode(Opcodes.ISTORE), copies.argumentSlots[i]);
    }
  }

  /** Frame types of the instance (unless static) and the arguments, in slot order. */
  Object[] frameTypes() {
    Object[] types = new Object[(isStatic ? 0 : 1) + arguments.length];
    int i = 0;
    if (!isStatic) {
      types[i++] = owner;
    }
    for (Type argument : arguments) {
      types[i++] = frameType(argument);
    }
    return types;
  }

  /** Whether any of these values reads the instance or an argument. */
  static boolean readsParameters(List<AdviceArgument> values) {
    for (AdviceArgument value : values) {
      switch (value.kind()) {
        case SELF:
        case ARGUMENT:
        case ALL_ARGUMENTS:
        case FIELD:
          return true;
        default:
          break;
      }
    }
    return false;
  }

  void pushArguments(List<AdviceArgument> values) {
    for (AdviceArgument value : values) {
      switch (value.kind()) {
        case SELF:
          if (isStatic) {
            out.visitInsn(Opcodes.ACONST_NULL);
          } else {
            out.visitVarInsn(Opcodes.ALOAD, selfSlot);
          }
          break;
        case ARGUMENT:
          pushArgument(value.index());
          break;
        case ALL_ARGUMENTS:
          pushAllArguments();
          break;
        case DECLARING_CLASS:
          if (classVersion < Opcodes.V1_5) {
            throw new IllegalStateException("class file version " + classVersion + " cannot name its own class");
          }
          out.visitLdcInsn(Type.getObjectType(owner));
          break;
        case METHOD_NAME:
          out.visitLdcInsn(methodName);
          break;
        case FIELD:
          pushField(value.fieldName());
          break;
        default:
          throw new IllegalStateException("unknown advice argument " + value.kind());
      }
    }
  }

  private void pushArgument(int index) {
    if (index >= arguments.length) {
      throw new IllegalStateException(owner + "." + methodName + " has no argument " + index);
    }
    out.visitVarInsn(arguments[index].getOpcode(Opcodes.ILOAD), argumentSlots[index]);
    box(arguments[index]);
  }

  private void pushAllArguments() {
    pushInt(arguments.length);
    out.visitTypeInsn(Opcodes.ANEWARRAY, OBJECT);
    for (int i = 0; i < arguments.length; i++) {
      out.visitInsn(Opcodes.DUP);
      pushInt(i);
      pushArgument(i);
      out.visitInsn(Opcodes.AASTORE);
    }
  }

  private void pushField(String field) {
    if (isStatic) {
      throw new IllegalStateException("static " + owner + "." + methodName + " has no instance field " + field);
    }
    String descriptor = fieldDescriptor(field);
    out.visitVarInsn(Opcodes.ALOAD, selfSlot);
    out.visitFieldInsn(Opcodes.GETFIELD, owner, field, descriptor);
    box(Type.getType(descriptor));
  }

  String fieldDescriptor(String field) {
    String descriptor = fieldDescriptors.get(field);
    if (descriptor == null) {
      throw new IllegalStateException(owner + " declares no field " + field);
    }
    return descriptor;
  }

  void box(Type type) {
    if (type.getSort() != Type.OBJECT && type.getSort() != Type.ARRAY) {
      String box = Boxing.boxType(type);
      out.visitMethodInsn(Opcodes.INVOKESTATIC, box, "valueOf", "(" + type.getDescriptor() + ")L" + box + ";", false);
    }
  }

  void pushDefault(Type type) {
    switch (type.getSort()) {
      case Type.LONG:
        out.visitInsn(Opcodes.LCONST_0);
        break;
      case Type.FLOAT:
        out.visitInsn(Opcodes.FCONST_0);
        break;
      case Type.DOUBLE:
        out.visitInsn(Opcodes.DCONST_0);
        break;
      case Type.OBJECT:
      case Type.ARRAY:
        out.visitInsn(Opcodes.ACONST_NULL);
        break;
      default:
        out.visitInsn(Opcodes.ICONST_0);
        break;
    }
  }

  private void pushInt(int value) {
    if (value <= 5) {
      out.visitInsn(Opcodes.ICONST_0 + value);
    } else {
      out.visitIntInsn(Opcodes.SIPUSH, value);
    }
  }

  static Object frameType(Type type) {
    switch (type.getSort()) {
      case Type.LONG:
        return Opcodes.LONG;
      case Type.FLOAT:
        return Opcodes.FLOAT;
      case Type.DOUBLE:
        return Opcodes.DOUBLE;
      case Type.OBJECT:
      case Type.ARRAY:
        return type.getInternalName();
      default:
        return Opcodes.INTEGER;
    }
  }
}
