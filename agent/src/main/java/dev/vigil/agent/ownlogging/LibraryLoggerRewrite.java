package dev.vigil.agent.ownlogging;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Rewrites {@code System.getLogger(String)} in the agent's shaded Caffeine to {@link
 * PatchSystemLogger#named} as the agent's loader defines its classes: the relocation that keeps the
 * other libraries off {@code java.util.logging.Logger} cannot reach a static method of
 * {@code java.lang.System}, and Caffeine's caches are built in premain. Registered before the engine
 * is built; any other class costs one comparison.
 */
public final class LibraryLoggerRewrite implements ClassFileTransformer {
  private static final String SYSTEM = "java/lang/System";
  private static final String GET_LOGGER = "getLogger";
  private static final String DESCRIPTOR = "(Ljava/lang/String;)Ljava/lang/System$Logger;";
  private static final String PATCH = PatchSystemLogger.class.getName().replace('.', '/');
  private static final String STATIC_INITIALISER = "<clinit>";
  private static final byte[] GET_LOGGER_BYTES = GET_LOGGER.getBytes(StandardCharsets.US_ASCII);

  private final ClassLoader agentLoader;
  private final String prefix;

  /** @param library a class of the library whose package (and those below it) is rewritten, not yet initialised */
  private LibraryLoggerRewrite(ClassLoader agentLoader, Class<?> library) {
    this.agentLoader = agentLoader;
    this.prefix = library.getPackageName().replace('.', '/') + "/";
  }

  public static void install(Instrumentation instrumentation, ClassLoader agentLoader, Class<?> library) {
    instrumentation.addTransformer(new LibraryLoggerRewrite(agentLoader, library), false);
  }

  @Override
  public byte[] transform(ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain, byte[] classFile) {
    if (loader != agentLoader || name == null || !name.startsWith(prefix)) {
      return null;
    }
    return rewrite(classFile);
  }

  /**
   * The class file with every {@code System.getLogger(String)} call in its static initialiser (where
   * Caffeine has them all) redirected, or null when it has none. Most of the library's classes do
   * not name the method at all and are not parsed; the other methods of those that do are copied as
   * they are.
   */
  static byte[] rewrite(byte[] classFile) {
    if (!contains(classFile, GET_LOGGER_BYTES)) {
      return null;
    }
    ClassReader reader = new ClassReader(classFile);
    ClassWriter writer = new ClassWriter(reader, 0);
    final boolean[] changed = {false};
    reader.accept(
        new ClassVisitor(Opcodes.ASM9, writer) {
          @Override
          public MethodVisitor visitMethod(int access, String method, String descriptor, String signature, String[] exceptions) {
            MethodVisitor copied = super.visitMethod(access, method, descriptor, signature, exceptions);
            if (!STATIC_INITIALISER.equals(method)) {
              return copied;
            }
            return new MethodVisitor(Opcodes.ASM9, copied) {
              @Override
              public void visitMethodInsn(int opcode, String owner, String called, String calledDescriptor, boolean isInterface) {
                if (opcode == Opcodes.INVOKESTATIC && SYSTEM.equals(owner) && GET_LOGGER.equals(called) && DESCRIPTOR.equals(calledDescriptor)) {
                  changed[0] = true;
                  super.visitMethodInsn(Opcodes.INVOKESTATIC, PATCH, "named", DESCRIPTOR, false);
                } else {
                  super.visitMethodInsn(opcode, owner, called, calledDescriptor, isInterface);
                }
              }
            };
          }
        },
        0);
    return changed[0] ? writer.toByteArray() : null;
  }

  private static boolean contains(byte[] data, byte[] part) {
    outer:
    for (int i = 0; i + part.length <= data.length; i++) {
      for (int j = 0; j < part.length; j++) {
        if (data[i + j] != part[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
