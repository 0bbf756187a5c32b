package dev.vigil.agent.instrument;

import dev.vigil.bootstrap.AgentLog;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells the user once per module when protection actually took hold ("what got instrumented"),
 * and reports weaving failures rather than dropping them.
 */
final class InstrumentationListener {
  private final Set<String> announced = ConcurrentHashMap.newKeySet();

  void onWoven(Collection<String> moduleNames, String typeName) {
    for (String module : moduleNames) {
      if (announced.add(module)) {
        AgentLog.info("instrumented " + module + " (first type: " + typeName + ")");
      }
    }
  }

  void onError(String typeName, Throwable failure) {
    // keyed by class, so each class that runs unprotected is named (the log bounds its keys)
    AgentLog.errorOnce("instrument " + typeName, "could not instrument " + typeName + "; it runs unprotected", failure);
  }
}
