package dev.vigil.agent.instrument;

import dev.vigil.instrumentation.AdviceBinding;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Does a class declare a method some advice binding matches? Asked of every class before its
 * hierarchy: a class that declares none needs no weaving wherever it sits, and that is nearly every
 * class. First its constant pool, byte by byte, for the advised method names (a declared method's
 * name is always there; no reader is built, no string), then, for the few that name one, its method
 * headers.
 */
final class AdvisedMethodGate {
  private static final int UTF8 = 1;

  private final List<AdviceBinding> bindings;
  private final byte[][] names;

  AdvisedMethodGate(List<AdviceBinding> bindings) {
    this.bindings = bindings;
    Set<String> distinct = new LinkedHashSet<String>();
    for (AdviceBinding binding : bindings) {
      distinct.add(binding.methods().name());
    }
    List<byte[]> encoded = new ArrayList<byte[]>();
    for (String name : distinct) {
      encoded.add(name.getBytes(StandardCharsets.UTF_8));
    }
    this.names = encoded.toArray(new byte[0][]);
  }

  /**
   * Whether the class file's constant pool holds one of the advised method names, read straight from
   * its bytes (no reader built, nothing allocated): a class without one declares no advised method.
   * A pool it cannot walk (a tag it does not know) answers true, for the full reader to decide.
   */
  boolean namesAnAdvisedMethod(byte[] classFile) {
    if (classFile.length < 10) {
      return true;
    }
    int count = unsignedShort(classFile, 8);
    int offset = 10;
    for (int item = 1; item < count; item++) {
      if (offset >= classFile.length) {
        return true;
      }
      switch (classFile[offset]) {
        case UTF8:
          int length = unsignedShort(classFile, offset + 1);
          if (offset + 3 + length > classFile.length) {
            return true;
          }
          if (isAdvisedName(classFile, offset + 3, length)) {
            return true;
          }
          offset += 3 + length;
          break;
        case 7: case 8: case 16: case 19: case 20: // class, string, method type, module, package
          offset += 3;
          break;
        case 15: // method handle
          offset += 4;
          break;
        case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18: // int, float, refs, name and type, dynamic
          offset += 5;
          break;
        case 5: case 6: // long, double: two items
          offset += 9;
          item++;
          break;
        default:
          return true;
      }
    }
    return false;
  }

  /** The second half, for a class whose pool names one: does a method it declares match a binding? */
  boolean declaresAdvisedMethod(ClassReader classFile) {
    return declaresMatch(classFile, bindings);
  }

  private boolean isAdvisedName(byte[] classFile, int offset, int length) {
    for (byte[] name : names) {
      if (name.length == length && sameBytes(classFile, offset, name)) {
        return true;
      }
    }
    return false;
  }

  private static boolean sameBytes(byte[] bytes, int offset, byte[] name) {
    for (int i = 0; i < name.length; i++) {
      if (bytes[offset + i] != name[i]) {
        return false;
      }
    }
    return true;
  }

  private static int unsignedShort(byte[] bytes, int offset) {
    return ((bytes[offset] & 0xFF) << 8) | (bytes[offset + 1] & 0xFF);
  }

  /** Whether a method the class declares matches one of {@code bindings}: its method headers only. */
  static boolean declaresMatch(ClassReader classFile, final List<AdviceBinding> bindings) {
    final boolean[] found = new boolean[1];
    classFile.accept(
        new ClassVisitor(Opcodes.ASM9) {
          @Override
          public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            found[0] |= AdviceWeaver.matching(bindings, access, name, descriptor) != null;
            return null;
          }
        },
        ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    return found[0];
  }
}
