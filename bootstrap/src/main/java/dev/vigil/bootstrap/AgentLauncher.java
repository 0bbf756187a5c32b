package dev.vigil.bootstrap;

import java.io.File;
import java.lang.instrument.Instrumentation;

/**
 * Runs on the bootstrap class loader: builds the isolated agent class loader over {@code inst/}
 * in the agent jar and starts the agent inside it, so none of the agent's libraries are visible to
 * (or clash with) the application's.
 */
public final class AgentLauncher {
  static final String AGENT_MAIN = "dev.vigil.agent.VigilAgent";

  private AgentLauncher() {}

  public static void launch(Instrumentation inst, String args, File agentJar, boolean atStartup) throws Exception {
    ClassLoader parent = ClassLoader.getSystemClassLoader().getParent();
    IsolatedAgentLoader loader = new IsolatedAgentLoader(agentJar, parent);
    Class<?> main = Class.forName(AGENT_MAIN, true, loader);
    main.getMethod("start", Instrumentation.class, String.class, File.class, ClassLoader.class, boolean.class)
        .invoke(null, inst, args, agentJar, loader, atStartup);
  }
}
