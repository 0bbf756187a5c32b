package dev.vigil.agent.control;

import dev.vigil.agent.config.DurationText;
import dev.vigil.agent.config.InvalidPolicyException;
import dev.vigil.agent.config.Mode;
import dev.vigil.agent.config.Policy;
import dev.vigil.agent.config.PolicyLoader;
import dev.vigil.agent.detect.CallerFilter;
import dev.vigil.agent.engine.Engine;
import dev.vigil.agent.event.VigilEvent;
import dev.vigil.agent.net.Cidr;
import dev.vigil.bootstrap.AgentLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The running agent as operators reach it (the MBean, the policy file's watch): the engine in
 * force, which policy version it runs, and every operator action, each said in one line on stderr
 * and recorded as a {@code vigil.operator} event (audit file, telemetry). A reload builds a new
 * engine that takes over what did not change ({@link Engine#reloaded}); an invalid file keeps the
 * old one running and names file, line, column and field.
 */
public final class VigilRuntime {
  private final Path file;
  private final String sourceDescription;
  private final Consumer<Engine> install;
  private volatile Engine engine;
  private volatile int version = 1;
  private volatile String fingerprint;
  private volatile String lastReload = "none yet";

  /**
   * @param file the policy file, or null when the built-in defaults run (nothing to reload)
   * @param loadedText the file's text the running policy was parsed from, for its fingerprint
   * @param install hands a new engine to the advice (and the hooks' header names)
   */
  public VigilRuntime(Engine engine, Path file, String sourceDescription, String loadedText, Consumer<Engine> install) {
    this.engine = engine;
    this.file = file;
    this.sourceDescription = sourceDescription;
    this.fingerprint = file == null ? "built-in" : PolicyFingerprint.of(loadedText);
    this.install = install;
  }

  public Engine engine() {
    return engine;
  }

  public String source() {
    return sourceDescription;
  }

  public int version() {
    return version;
  }

  /** The first 12 hex digits of the SHA-256 of the policy file's text, or {@code built-in}. */
  public String fingerprint() {
    return fingerprint;
  }

  public String lastReload() {
    return lastReload;
  }

  /**
   * Reads the policy file again and applies it when it differs from the one running.
   *
   * @param trigger who asked: {@code file changed}, {@code jmx}
   * @return the one line said about it
   */
  public synchronized String reload(String trigger) {
    if (file == null) {
      return say("reload", "nothing to reload: no policy file, the built-in defaults run (set -Dvigil.config or config=PATH)", false);
    }
    String text;
    Policy policy;
    try {
      text = PolicyLoader.read(file);
      policy = PolicyLoader.load(file, text);
    } catch (InvalidPolicyException e) {
      return failed(trigger, e.getMessage());
    }
    String newFingerprint = PolicyFingerprint.of(text);
    if (newFingerprint.equals(fingerprint)) {
      return say("reload", "policy unchanged (version " + version + ", sha256 " + fingerprint + ", " + trigger + ")", false);
    }
    Engine next;
    try {
      next = Engine.reloaded(engine, policy);
    } catch (RuntimeException e) {
      return failed(trigger, InvalidPolicyException.unusable(file.toString(), e).getMessage());
    }
    install.accept(next);
    engine = next;
    fingerprint = newFingerprint;
    version++;
    return say("reload", "policy reloaded from " + file + " (version " + version + ", sha256 " + fingerprint + ", " + trigger + "): "
        + next.changes().describe(), false);
  }

  private String failed(String trigger, String why) {
    return say("reload", "policy reload failed (" + trigger + "), version " + version + " keeps running: " + why, true);
  }

  public synchronized String switchMode(Mode mode) {
    Mode before = engine.switchMode(mode);
    return say("mode", before == mode ? "mode is " + mode.yamlName() + " already" : "mode switched " + before.yamlName() + " -> " + mode.yamlName()
        + " by an operator (every table kept; a reload that changes mode: in the file switches it again)", false);
  }

  /** @param target as the audit shows it: {@code ip:203.0.113.7}, {@code network:203.0.113.0/24}, {@code user:#3fa9...} */
  public String unlock(CallerFilter callers, String target) {
    Map<String, Integer> forgotten = engine.unlock(callers);
    String what = forgotten.isEmpty() ? "nothing held it"
        : "cleared " + forgotten.entrySet().stream().map(table -> table.getKey() + " " + table.getValue()).collect(Collectors.joining(", "));
    return say("unlock", "unlocked " + target + ": " + what, false, target);
  }

  public String ban(Cidr network, Duration duration) {
    engine.operatorLists().set(network, true, duration);
    String applied = engine.mode() == Mode.ENFORCE ? "" : " (mode is monitor: recorded, not applied)";
    return say("ban", "banned " + network + " for " + DurationText.of(duration) + applied, false, "network:" + network);
  }

  public String allow(Cidr network, Duration duration) {
    engine.operatorLists().set(network, false, duration);
    return say("allow", "allowed " + network + " for " + DurationText.of(duration) + " (past every rule, lockout and detector)", false, "network:" + network);
  }

  public String lift(Cidr network) {
    boolean lifted = engine.operatorLists().lift(network);
    return say("lift", lifted ? "lifted the ban or allow of " + network : "no ban or allow was set for exactly " + network, false, "network:" + network);
  }

  private String say(String operation, String line, boolean error) {
    return say(operation, line, error, null);
  }

  private String say(String operation, String line, boolean error, String target) {
    if (error) {
      AgentLog.error(line);
    } else {
      AgentLog.info(line);
    }
    if (operation.equals("reload")) {
      lastReload = line;
    }
    engine.recordOperator(VigilEvent.operator(operation, target, line));
    return line;
  }

  /** SHA-256 of the text, first 12 hex digits: enough to tell versions apart in a line. */
  static final class PolicyFingerprint {
    private PolicyFingerprint() {}

    static String of(String text) {
      try {
        byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < 6; i++) {
          hex.append(String.format("%02x", hash[i]));
        }
        return hex.toString();
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
