package dev.vigil.bootstrap;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.net.URL;
import java.util.jar.JarFile;

/**
 * The {@code Premain-Class} and {@code Agent-Class}. Loaded by the system class loader, so it
 * touches JDK types only, puts the agent jar on the bootstrap search path, and hands over to
 * {@link AgentLauncher} loaded there. Nothing escapes: a failure prints one line and the
 * application runs unprotected.
 */
public final class VigilPremain {
  private static final String STARTED_FLAG = "vigil.agent.started";

  private VigilPremain() {}

  public static void premain(String args, Instrumentation inst) {
    start(args, inst, true);
  }

  public static void agentmain(String args, Instrumentation inst) {
    start(args, inst, false);
  }

  private static void start(String args, Instrumentation inst, boolean atStartup) {
    try {
      if (JdkTool.isRunning()) {
        return;
      }
      if (System.getProperty(STARTED_FLAG) != null) {
        System.err.println("[vigil] already attached; ignoring the second -javaagent");
        return;
      }
      System.setProperty(STARTED_FLAG, "true");
      File jar = agentJar();
      inst.appendToBootstrapClassLoaderSearch(new JarFile(jar));
      Class<?> launcher = Class.forName("dev.vigil.bootstrap.AgentLauncher", true, null);
      launcher
          .getMethod("launch", Instrumentation.class, String.class, File.class, boolean.class)
          .invoke(null, inst, args, jar, atStartup);
    } catch (Throwable t) {
      // two reflective hops (launcher, then the agent's entry): name what failed, not the wrappers
      Throwable cause = t;
      while (cause instanceof java.lang.reflect.InvocationTargetException && cause.getCause() != null) {
        cause = cause.getCause();
      }
      System.err.println("[vigil] startup failed, the application runs unprotected: " + PlainText.escape(String.valueOf(cause)));
    }
  }

  private static File agentJar() throws Exception {
    URL location = VigilPremain.class.getProtectionDomain().getCodeSource().getLocation();
    File jar = new File(location.toURI());
    if (!jar.isFile()) {
      throw new IllegalStateException("agent is not running from its own jar (" + location + "); use -javaagent:vigil-agent.jar");
    }
    JarFile jarFile = new JarFile(jar);
    try {
      if (jarFile.getEntry(IsolatedAgentLoader.PREFIX) == null) {
        throw new IllegalStateException(jar + " is not the Vigil agent jar (was it bundled into an application jar?)");
      }
    } finally {
      jarFile.close();
    }
    return jar;
  }
}
