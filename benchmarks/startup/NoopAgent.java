import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;

/**
 * The floor for any agent that transforms classes as they load: one class file transformer that
 * changes nothing. Registering it makes the JVM hand every class it loads to Java code (and read
 * the bytes of every class it would have taken from the CDS archive), which is what it costs.
 */
public final class NoopAgent {
  private NoopAgent() {}

  public static void premain(String args, Instrumentation instrumentation) {
    instrumentation.addTransformer(
        new ClassFileTransformer() {
          @Override
          public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain, byte[] classFile) {
            return null;
          }
        });
  }
}
