package dev.vigil.agent;

import dev.vigil.bootstrap.AgentLog;
import java.io.InputStream;
import org.objectweb.asm.ClassReader;

/**
 * A class file reader older than the JDK cannot read its class files, so nothing would be woven:
 * say it out loud instead, once, at start (the JDK's own {@code Object} tells).
 */
final class RuntimeSupport {
  private RuntimeSupport() {}

  static void warnIfNewerThanSupported() {
    try (InputStream object = Object.class.getResourceAsStream("Object.class")) {
      new ClassReader(object);
    } catch (IllegalArgumentException unsupported) {
      AgentLog.warn("Java " + System.getProperty("java.version") + " is newer than this Vigil build supports; classes run unprotected");
    } catch (Exception e) {
      AgentLog.warn("cannot tell whether Java " + System.getProperty("java.version") + " is supported: " + e.getMessage());
    }
  }
}
