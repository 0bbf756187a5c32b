package dev.vigil.it.probes;

/**
 * An app that installs its own java.util.logging LogManager from main, as WildFly's and Log4j's
 * bridges do: it gets it only if nothing started JUL before main.
 */
public class OwnLogManagerApp {
  public static class AppLogManager extends java.util.logging.LogManager {}

  public static void main(String[] args) {
    System.setProperty("java.util.logging.manager", AppLogManager.class.getName());
    System.out.println("log manager: " + java.util.logging.LogManager.getLogManager().getClass().getName());
  }
}
