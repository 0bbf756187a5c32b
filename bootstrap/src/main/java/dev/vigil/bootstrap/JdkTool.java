package dev.vigil.bootstrap;

/**
 * Recognises JDK command-line tools (jcmd, jps, keytool, jar, javac, jshell...) that pick up the
 * agent through {@code JAVA_TOOL_OPTIONS}; protecting them is pointless and slows them down.
 */
final class JdkTool {
  private static final String[] TOOL_CLASS_PREFIXES = {
    "sun.tools.", "sun.security.tools.", "com.sun.tools.", "jdk.internal.", "jdk.jshell.", "sun.jvm.hotspot.", "sun.rmi."
  };

  private static final String SOURCE_LAUNCHER = "com.sun.tools.javac.launcher.";

  private JdkTool() {}

  static boolean isRunning() {
    return isTool(System.getProperty("jdk.module.main"), System.getProperty("sun.java.command"));
  }

  static boolean isTool(String mainModule, String command) {
    if (command != null && command.contains(SOURCE_LAUNCHER)) {
      // "java Service.java": a user's program run by the JDK's source launcher, not a JDK tool
      return false;
    }
    if (mainModule != null && mainModule.startsWith("jdk.")) {
      return true;
    }
    if (command == null || command.isEmpty()) {
      return false;
    }
    String main = command.trim();
    int space = main.indexOf(' ');
    if (space > 0) {
      main = main.substring(0, space);
    }
    int slash = main.indexOf('/');
    if (slash > 0) {
      String module = main.substring(0, slash);
      if (module.startsWith("jdk.")) {
        return true;
      }
      main = main.substring(slash + 1);
    }
    for (String prefix : TOOL_CLASS_PREFIXES) {
      if (main.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
