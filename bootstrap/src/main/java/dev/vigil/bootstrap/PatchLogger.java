package dev.vigil.bootstrap;

import java.util.function.Supplier;
import java.util.logging.Level;

/**
 * Stands in for {@code java.util.logging.Logger} inside the agent's libraries (the build relocates
 * every reference to it here). Touching the real JUL {@code LogManager} during premain breaks
 * servers that install their own (WildFly, Tomcat JULI); this shim writes warnings and errors
 * through {@link AgentLog} and drops the rest unless {@code -Dvigil.debug=true}. A packaging test
 * checks that every method the shaded libraries call exists here.
 */
public final class PatchLogger {
  public static final String GLOBAL_LOGGER_NAME = "global";
  private static final boolean DEBUG = Boolean.getBoolean("vigil.debug");

  private final String name;

  private PatchLogger(String name) {
    this.name = name;
  }

  public static PatchLogger getLogger(String name) {
    return new PatchLogger(name);
  }

  public static PatchLogger getLogger(String name, String resourceBundleName) {
    return new PatchLogger(name);
  }

  public static PatchLogger getGlobal() {
    return new PatchLogger(GLOBAL_LOGGER_NAME);
  }

  public static PatchLogger getAnonymousLogger() {
    return new PatchLogger("");
  }

  public String getName() {
    return name;
  }

  public boolean isLoggable(Level level) {
    return level.intValue() >= Level.WARNING.intValue() || DEBUG;
  }

  public Level getLevel() {
    return DEBUG ? Level.ALL : Level.WARNING;
  }

  public void setLevel(Level level) {}

  public void severe(String msg) {
    log(Level.SEVERE, msg);
  }

  public void severe(Supplier<String> msg) {
    log(Level.SEVERE, msg);
  }

  public void warning(String msg) {
    log(Level.WARNING, msg);
  }

  public void warning(Supplier<String> msg) {
    log(Level.WARNING, msg);
  }

  public void info(String msg) {
    log(Level.INFO, msg);
  }

  public void info(Supplier<String> msg) {
    log(Level.INFO, msg);
  }

  public void config(String msg) {
    log(Level.CONFIG, msg);
  }

  public void config(Supplier<String> msg) {
    log(Level.CONFIG, msg);
  }

  public void fine(String msg) {
    log(Level.FINE, msg);
  }

  public void fine(Supplier<String> msg) {
    log(Level.FINE, msg);
  }

  public void finer(String msg) {
    log(Level.FINER, msg);
  }

  public void finer(Supplier<String> msg) {
    log(Level.FINER, msg);
  }

  public void finest(String msg) {
    log(Level.FINEST, msg);
  }

  public void finest(Supplier<String> msg) {
    log(Level.FINEST, msg);
  }

  public void log(Level level, String msg) {
    log(level, msg, (Throwable) null);
  }

  public void log(Level level, Supplier<String> msg) {
    if (isLoggable(level)) {
      log(level, msg.get(), (Throwable) null);
    }
  }

  public void log(Level level, String msg, Object param) {
    log(level, format(msg, new Object[] {param}), (Throwable) null);
  }

  public void log(Level level, String msg, Object[] params) {
    log(level, format(msg, params), (Throwable) null);
  }

  public void log(Level level, Throwable thrown, Supplier<String> msg) {
    if (isLoggable(level)) {
      log(level, msg.get(), thrown);
    }
  }

  public void log(Level level, String msg, Throwable thrown) {
    if (!isLoggable(level)) {
      return;
    }
    String line = name + ": " + msg;
    if (level.intValue() >= Level.WARNING.intValue()) {
      AgentLog.errorOnce("lib:" + name, line, thrown);
    } else {
      AgentLog.info(line + (thrown == null ? "" : " " + thrown));
    }
  }

  public void logp(Level level, String sourceClass, String sourceMethod, String msg) {
    log(level, msg);
  }

  public void logp(Level level, String sourceClass, String sourceMethod, String msg, Object param) {
    log(level, msg, param);
  }

  public void logp(Level level, String sourceClass, String sourceMethod, String msg, Object[] params) {
    log(level, msg, params);
  }

  public void logp(Level level, String sourceClass, String sourceMethod, String msg, Throwable thrown) {
    log(level, msg, thrown);
  }

  public void logp(Level level, String sourceClass, String sourceMethod, Supplier<String> msg) {
    log(level, msg);
  }

  public void entering(String sourceClass, String sourceMethod) {}

  public void entering(String sourceClass, String sourceMethod, Object param) {}

  public void exiting(String sourceClass, String sourceMethod) {}

  public void exiting(String sourceClass, String sourceMethod, Object result) {}

  public void throwing(String sourceClass, String sourceMethod, Throwable thrown) {}

  private static String format(String msg, Object[] params) {
    if (msg == null || params == null) {
      return msg;
    }
    String result = msg;
    for (int i = 0; i < params.length; i++) {
      result = result.replace("{" + i + "}", String.valueOf(params[i]));
    }
    return result;
  }
}
