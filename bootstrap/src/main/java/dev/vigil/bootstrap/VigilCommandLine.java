package dev.vigil.bootstrap;

import java.io.File;
import java.lang.reflect.InvocationTargetException;

/**
 * The jar's {@code Main-Class}: {@code java -jar vigil-agent.jar <command>}. The commands live with
 * the agent's code in the jar's isolated part; here only the loader is built, over the JVM's
 * application loader, which is where the JDK's {@code jdk.attach} module is defined.
 */
public final class VigilCommandLine {
  static final String CLI_MAIN = "dev.vigil.agent.cli.VigilCli";

  private VigilCommandLine() {}

  public static void main(String[] args) throws Exception {
    File jar = new File(VigilCommandLine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    IsolatedAgentLoader loader = new IsolatedAgentLoader(jar, ClassLoader.getSystemClassLoader());
    int status;
    try {
      Object result = Class.forName(CLI_MAIN, true, loader).getMethod("run", String[].class, File.class).invoke(null, args, jar);
      status = (Integer) result;
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      System.err.println("vigil: " + PlainText.escape(String.valueOf(cause)));
      status = 1;
    }
    System.exit(status);
  }
}
