package dev.vigil.agent.control;

import dev.vigil.bootstrap.AgentLog;
import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Puts {@link VigilControl} on the platform MBean server as {@code dev.vigil:type=Vigil}. Called once
 * the app has started (see the agent's timers): asking for the platform MBean server starts it, with
 * its threads and classes, and that must not happen earlier than the app would make it happen.
 */
public final class ControlRegistration {
  public static final String OBJECT_NAME = "dev.vigil:type=Vigil";

  private ControlRegistration() {}

  /** Never throws: a JVM without {@code java.management} runs Vigil without its MBean, and says so once. */
  public static void register(VigilControl control) {
    try {
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      ObjectName name = new ObjectName(OBJECT_NAME);
      if (server.isRegistered(name)) {
        AgentLog.warn("an MBean named " + OBJECT_NAME + " exists already (another Vigil?); this one is not registered");
        return;
      }
      server.registerMBean(control, name);
    } catch (Throwable t) {
      AgentLog.errorOnce("mbean", "the " + OBJECT_NAME + " MBean could not be registered; Vigil runs without it", t);
    }
  }
}
