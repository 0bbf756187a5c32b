package dev.vigil.agent.ownlogging;

import dev.vigil.bootstrap.PatchLogger;
import java.text.MessageFormat;
import java.util.ResourceBundle;

/**
 * Stands in for {@code System.getLogger} inside the agent's libraries (Caffeine), whose calls the
 * agent rewrites to {@link #named} as it loads them. For a class outside the JDK,
 * {@code System.getLogger} starts JUL's {@code LogManager} on the spot; during premain that is
 * before the app has chosen its own (WildFly's, Log4j's bridge), which it then never gets. Records
 * go to {@link PatchLogger}: warnings and errors through {@code AgentLog}, the rest only with
 * {@code -Dvigil.debug=true}.
 */
public final class PatchSystemLogger implements System.Logger {
  private final PatchLogger logger;

  private PatchSystemLogger(String name) {
    this.logger = PatchLogger.getLogger(name);
  }

  /** What the rewritten {@code System.getLogger(name)} calls return. */
  public static System.Logger named(String name) {
    return new PatchSystemLogger(name);
  }

  @Override
  public String getName() {
    return logger.getName();
  }

  @Override
  public boolean isLoggable(System.Logger.Level level) {
    return level != System.Logger.Level.OFF && logger.isLoggable(jul(level));
  }

  @Override
  public void log(System.Logger.Level level, ResourceBundle bundle, String message, Throwable thrown) {
    if (isLoggable(level)) {
      logger.log(jul(level), message, thrown);
    }
  }

  @Override
  public void log(System.Logger.Level level, ResourceBundle bundle, String format, Object... params) {
    if (isLoggable(level)) {
      logger.log(jul(level), params == null || params.length == 0 || format == null ? format : MessageFormat.format(format, params), (Throwable) null);
    }
  }

  private static java.util.logging.Level jul(System.Logger.Level level) {
    switch (level) {
      case ERROR:
        return java.util.logging.Level.SEVERE;
      case WARNING:
        return java.util.logging.Level.WARNING;
      case INFO:
        return java.util.logging.Level.INFO;
      case DEBUG:
        return java.util.logging.Level.FINE;
      case TRACE:
        return java.util.logging.Level.FINER;
      default:
        return java.util.logging.Level.ALL;
    }
  }
}
