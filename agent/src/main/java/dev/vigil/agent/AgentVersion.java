package dev.vigil.agent;

import java.io.InputStream;
import java.util.Properties;

/** The agent's version, stamped into a resource by the build. */
public final class AgentVersion {
  private AgentVersion() {}

  public static String get() {
    try (InputStream in = AgentVersion.class.getResourceAsStream("version.properties")) {
      Properties properties = new Properties();
      if (in != null) {
        properties.load(in);
      }
      return properties.getProperty("version", "unknown");
    } catch (Exception e) {
      return "unknown";
    }
  }
}
