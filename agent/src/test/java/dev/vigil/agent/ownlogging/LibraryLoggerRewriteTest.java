package dev.vigil.agent.ownlogging;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

class LibraryLoggerRewriteTest {
  @Test
  void caffeinesLoggerComesFromTheAgentNotFromSystemGetLogger() throws Exception {
    byte[] original = classFile(Caffeine.class);
    assertThat(staticCalls(original)).contains("java/lang/System.getLogger");

    byte[] rewritten = LibraryLoggerRewrite.rewrite(original);
    assertThat(rewritten).isNotNull();
    assertThat(staticCalls(rewritten)).doesNotContain("java/lang/System.getLogger").contains(PatchSystemLogger.class.getName().replace('.', '/') + ".named");
  }

  @Test
  void aClassWithoutTheCallIsLeftAsItIs() throws Exception {
    assertThat(LibraryLoggerRewrite.rewrite(classFile(LibraryLoggerRewriteTest.class))).isNull();
  }

  @Test
  void theStandInPrintsWarningsAndDropsDebug() {
    System.Logger logger = PatchSystemLogger.named("caffeine");
    assertThat(logger.isLoggable(System.Logger.Level.WARNING)).isTrue();
    assertThat(logger.isLoggable(System.Logger.Level.DEBUG)).isEqualTo(Boolean.getBoolean("vigil.debug"));
    assertThat(logger.isLoggable(System.Logger.Level.OFF)).isFalse();
  }

  private static byte[] classFile(Class<?> type) throws Exception {
    try (InputStream in = type.getClassLoader().getResourceAsStream(type.getName().replace('.', '/') + ".class")) {
      return in.readAllBytes();
    }
  }

  private static List<String> staticCalls(byte[] classFile) {
    List<String> calls = new ArrayList<>();
    new ClassReader(classFile)
        .accept(
            new ClassVisitor(Opcodes.ASM9) {
              @Override
              public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                  @Override
                  public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean isInterface) {
                    if (opcode == Opcodes.INVOKESTATIC) {
                      calls.add(owner + "." + method);
                    }
                  }
                };
              }
            },
            0);
    return calls;
  }
}
