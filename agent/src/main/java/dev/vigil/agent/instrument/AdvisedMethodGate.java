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
 * name is always there; no string is built), then, for the few that name one, its method headers.
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

  boolean declaresAdvisedMethod(ClassReader classFile) {
    return namesAnAdvisedMethod(classFile) && declaresMatch(classFile);
  }

  private boolean namesAnAdvisedMethod(ClassReader classFile) {
    int count = classFile.getItemCount();
    for (int item = 1; item < count; item++) {
      int offset = classFile.getItem(item);
      // long and double entries take two items, the second one unused (offset 0)
      if (offset == 0 || classFile.readByte(offset - 1) != UTF8) {
        continue;
      }
      int length = classFile.readUnsignedShort(offset);
      for (byte[] name : names) {
        if (name.length == length && sameBytes(classFile, offset + 2, name)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean sameBytes(ClassReader classFile, int offset, byte[] name) {
    for (int i = 0; i < name.length; i++) {
      if ((byte) classFile.readByte(offset + i) != name[i]) {
        return false;
      }
    }
    return true;
  }

  private boolean declaresMatch(ClassReader classFile) {
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
