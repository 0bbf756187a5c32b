package dev.vigil.agent.engine;

import dev.vigil.agent.config.Mode;

/**
 * The global mode as it is now. Every part that can refuse asks it at the moment it decides, so an
 * operator's switch (JMX, the CLI) or a reload applies on the next request and keeps every table:
 * what a monitored rollout learned is what enforcement then acts on.
 */
public final class OperatingMode {
  private volatile Mode mode;

  public OperatingMode(Mode initial) {
    this.mode = initial;
  }

  public Mode get() {
    return mode;
  }

  /** Whether refusals are applied; a part's own {@code mode: monitor} can only add monitoring. */
  public boolean enforces() {
    return mode == Mode.ENFORCE;
  }

  /** @return the mode before */
  Mode set(Mode newMode) {
    Mode before = mode;
    mode = newMode;
    return before;
  }
}
