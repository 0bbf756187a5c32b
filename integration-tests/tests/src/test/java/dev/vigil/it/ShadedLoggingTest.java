package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.it.harness.ItEnv;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Enumeration;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The agent's libraries must never touch {@code java.util.logging.Logger} (initialising JUL's
 * LogManager in premain breaks servers that bring their own), and every Logger method they call
 * must exist on the bootstrap shim it was relocated to, or the call fails only at runtime. Calls to
 * {@code System.getLogger}, which start JUL just the same, exist only where the agent rewrites them.
 */
@Timeout(60)
class ShadedLoggingTest {
  private static final String JUL_LOGGER = "java/util/logging/Logger";
  private static final String SHIM = "dev/vigil/bootstrap/PatchLogger";
  /** The one library whose {@code System.getLogger} calls the agent rewrites as it loads them (LibraryLoggerRewrite). */
  private static final String REWRITTEN = "inst/dev/vigil/shaded/caffeine/cache/";

  @Test
  void noShadedClassUsesJulLoggerAndTheShimHasEveryMethodTheyCall() throws Exception {
    Set<String> julReferences = new TreeSet<>();
    Set<String> shimCalls = new TreeSet<>();
    Set<String> systemLoggerCalls = new TreeSet<>();
    try (JarFile jar = new JarFile(ItEnv.agentJar().toFile())) {
      for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
        JarEntry entry = entries.nextElement();
        if (entry.getName().startsWith("inst/") && entry.getName().endsWith(".classdata")) {
          scan(jar, entry, julReferences, shimCalls, systemLoggerCalls);
        }
      }
    }
    assertThat(julReferences).as("classes still calling java.util.logging.Logger").isEmpty();
    assertThat(systemLoggerCalls).as("classes calling System.getLogger").isNotEmpty().allMatch(name -> name.startsWith(REWRITTEN));
    assertThat(shimCalls).as("the OpenTelemetry SDK logs through the shim").isNotEmpty();

    try (URLClassLoader root = new URLClassLoader(new URL[] {ItEnv.agentJar().toUri().toURL()}, null)) {
      Class<?> shim = Class.forName(SHIM.replace('/', '.'), false, root);
      Set<String> shimMethods = new TreeSet<>();
      for (Method method : shim.getDeclaredMethods()) {
        shimMethods.add(method.getName() + Type.getMethodDescriptor(method));
      }
      assertThat(shimMethods).as("methods of %s", SHIM).containsAll(shimCalls);
    }
  }

  private static void scan(JarFile jar, JarEntry entry, Set<String> julReferences, Set<String> shimCalls, Set<String> systemLoggerCalls)
      throws IOException {
    try (InputStream in = jar.getInputStream(entry)) {
      new ClassReader(in.readAllBytes())
          .accept(
              new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                  return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean isInterface) {
                      if (owner.equals(JUL_LOGGER)) {
                        julReferences.add(entry.getName() + " -> " + method);
                      } else if (owner.equals(SHIM)) {
                        shimCalls.add(method + desc);
                      } else if (owner.equals("java/lang/System") && method.equals("getLogger")) {
                        systemLoggerCalls.add(entry.getName());
                      }
                    }
                  };
                }
              },
              ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    }
  }
}
