package dev.vigil.agent.instrument;

import org.objectweb.asm.Type;

/** The wrapper class of each primitive type, for the values woven code hands to advice as objects. */
final class Boxing {
  private Boxing() {}

  /** Internal name of the wrapper of a primitive type. */
  static String boxType(Type primitive) {
    switch (primitive.getSort()) {
      case Type.BOOLEAN:
        return "java/lang/Boolean";
      case Type.BYTE:
        return "java/lang/Byte";
      case Type.CHAR:
        return "java/lang/Character";
      case Type.SHORT:
        return "java/lang/Short";
      case Type.INT:
        return "java/lang/Integer";
      case Type.LONG:
        return "java/lang/Long";
      case Type.FLOAT:
        return "java/lang/Float";
      case Type.DOUBLE:
        return "java/lang/Double";
      default:
        throw new IllegalArgumentException("not a primitive: " + primitive);
    }
  }
}
