package dev.vigil.agent.telemetry;

import java.util.List;
import java.util.Map;

/** The engine's totals once it exists; zeros before (the SDK may start first). */
final class ObservedEngine implements EngineStats {
  private volatile EngineStats delegate;

  void set(EngineStats stats) {
    delegate = stats;
  }

  @Override
  public long requestsSeen() {
    EngineStats d = delegate;
    return d == null ? 0 : d.requestsSeen();
  }

  @Override
  public List<DecisionTally> decisions() {
    EngineStats d = delegate;
    return d == null ? List.of() : d.decisions();
  }

  @Override
  public long activeLockouts() {
    EngineStats d = delegate;
    return d == null ? 0 : d.activeLockouts();
  }

  @Override
  public long trackedCallers() {
    EngineStats d = delegate;
    return d == null ? 0 : d.trackedCallers();
  }

  @Override
  public Map<String, Long> evictions() {
    EngineStats d = delegate;
    return d == null ? Map.of() : d.evictions();
  }
}
