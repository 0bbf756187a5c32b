package dev.vigil.agent.cli;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code top PID}: the status screen, redrawn every few seconds like {@code top} (cursor home,
 * clear, draw), until Ctrl-C or {@code -n} screens. Without a terminal it prints the screens one
 * after the other, as {@code top -b} does.
 */
final class TopView {
  private static final String CLEAR = "\033[H\033[2J";
  private static final int ROWS = 10;

  private TopView() {}

  static int run(JvmConnection jvm, List<String> options, PrintStream out) throws CliException {
    int seconds = 2;
    int screens = 0;
    for (int i = 0; i < options.size(); i++) {
      String option = options.get(i);
      if ((option.equals("-d") || option.equals("-n")) && i + 1 < options.size()) {
        int value = positive(option, options.get(++i));
        if (option.equals("-d")) {
          seconds = value;
        } else {
          screens = value;
        }
      } else {
        throw new CliException("usage: top PID [-d SECONDS] [-n COUNT]");
      }
    }
    boolean terminal = System.console() != null;
    Screen.Reading previous = null;
    for (int shown = 0; screens == 0 || shown < screens; shown++) {
      Screen.Reading now = new Screen.Reading(jvm);
      String screen = Screen.render(jvm.pid, now, previous, ROWS);
      out.print(terminal ? CLEAR + screen + "\nrefreshing every " + seconds + " s; Ctrl-C quits\n" : screen + "\n");
      out.flush();
      previous = now;
      if (screens != 0 && shown + 1 == screens) {
        break;
      }
      try {
        Thread.sleep(seconds * 1000L);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 0;
      }
    }
    return 0;
  }

  private static int positive(String option, String text) throws CliException {
    try {
      int value = Integer.parseInt(text);
      if (value > 0 && value <= 3600) {
        return value;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new CliException(option + " takes a whole number from 1 to 3600, not '" + text.replaceAll("\\p{Cntrl}", "?") + "'");
  }
}
