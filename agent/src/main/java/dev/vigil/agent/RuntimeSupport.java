package dev.vigil.agent;

import dev.vigil.bootstrap.AgentLog;
import net.bytebuddy.ClassFileVersion;

/**
 * A too-old Byte Buddy instruments nothing on a newer JDK without a word; say it out loud instead.
 */
final class RuntimeSupport {
  private RuntimeSupport() {}

  static void warnIfNewerThanSupported() {
    try {
      ClassFileVersion runtime = ClassFileVersion.ofThisVm();
      if (runtime.isGreaterThan(ClassFileVersion.latest())) {
        AgentLog.warn(
            "Java " + System.getProperty("java.version") + " is newer than this Vigil build supports ("
                + ClassFileVersion.latest().getJavaVersion() + "); some classes may run unprotected");
      }
    } catch (RuntimeException e) {
      AgentLog.warn("cannot tell whether Java " + System.getProperty("java.version") + " is supported: " + e.getMessage());
    }
  }
}
