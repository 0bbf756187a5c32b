package dev.vigil.agent.cli;

import dev.vigil.bootstrap.PlainText;
import java.util.List;
import java.util.Locale;
import javax.management.openmbean.CompositeData;

/**
 * What {@code status} prints and {@code top} refreshes: Vigil's state in one JVM, read through its
 * MBean. {@code previous} (a reading a few seconds earlier, or null) turns the counts into rates.
 */
final class Screen {
  /** One reading of the MBean's attributes. */
  static final class Reading {
    final String version;
    final String mode;
    final String source;
    final int policyVersion;
    final String fingerprint;
    final String lastReload;
    final long seen;
    final long throttled;
    final long blocked;
    final long monitored;
    final long callers;
    final long lockouts;
    final CompositeData[] busiest;
    final CompositeData[] refused;
    final String[] lists;
    final long nanos = System.nanoTime();

    Reading(JvmConnection jvm) throws CliException {
      this(jvm::get);
    }

    /** From any source of the MBean's attributes (a test's, or the JVM's). */
    Reading(Attributes jvm) throws CliException {
      this.version = (String) jvm.get("AgentVersion");
      this.mode = (String) jvm.get("Mode");
      this.source = (String) jvm.get("PolicySource");
      this.policyVersion = (Integer) jvm.get("PolicyVersion");
      this.fingerprint = (String) jvm.get("PolicyFingerprint");
      this.lastReload = (String) jvm.get("LastReload");
      this.seen = (Long) jvm.get("RequestsSeen");
      this.throttled = (Long) jvm.get("RequestsThrottled");
      this.blocked = (Long) jvm.get("RequestsBlocked");
      this.monitored = (Long) jvm.get("RequestsMonitored");
      this.callers = (Long) jvm.get("TrackedCallers");
      this.lockouts = (Long) jvm.get("ActiveLockouts");
      this.busiest = (CompositeData[]) jvm.get("BusiestCallers");
      this.refused = (CompositeData[]) jvm.get("MostRefusedCallers");
      this.lists = (String[]) jvm.get("OperatorLists");
    }
  }

  /** Reads one attribute of Vigil's MBean. */
  interface Attributes {
    Object get(String attribute) throws CliException;
  }

  private Screen() {}

  static String render(long pid, Reading now, Reading previous, int rows) {
    StringBuilder out = new StringBuilder();
    out.append("Vigil ").append(plain(now.version)).append(" in pid ").append(pid).append(" - mode ").append(plain(now.mode))
        .append(" - policy v").append(now.policyVersion).append(" (").append(plain(now.fingerprint)).append(")\n");
    out.append("policy: ").append(plain(now.source)).append('\n');
    out.append("requests ").append(now.seen).append(rate(now.seen, now, previous, p -> p.seen))
        .append("  throttled ").append(now.throttled).append(rate(now.throttled, now, previous, p -> p.throttled))
        .append("  blocked ").append(now.blocked).append("  monitored ").append(now.monitored)
        .append("  callers ").append(now.callers).append("  lockouts ").append(now.lockouts).append('\n');
    out.append('\n').append(String.format(Locale.ROOT, "%-44s %8s  %s%n", "MOST REFUSED", "PER MIN", "LAST RULE"));
    table(out, now.refused, rows, true);
    out.append('\n').append(String.format(Locale.ROOT, "%-44s %8s%n", "BUSIEST CLIENTS", "PER MIN"));
    table(out, now.busiest, rows, false);
    out.append('\n').append("bans and allows: ").append(now.lists.length == 0 ? "none" : plain(String.join(", ", List.of(now.lists)))).append('\n');
    out.append("last reload: ").append(plain(now.lastReload)).append('\n');
    return out.toString();
  }

  private static void table(StringBuilder out, CompositeData[] rows, int limit, boolean withRule) {
    if (rows.length == 0) {
      out.append("  (none)\n");
      return;
    }
    for (int i = 0; i < Math.min(limit, rows.length); i++) {
      String caller = plain((String) rows[i].get("caller"));
      long perMinute = (Long) rows[i].get("perMinute");
      String line = String.format(Locale.ROOT, "%-44s %8d", cut(caller, 44), perMinute);
      out.append(withRule ? line + "  " + plain((String) rows[i].get("lastRule")) : line).append('\n');
    }
  }

  private static String rate(long count, Reading now, Reading previous, java.util.function.ToLongFunction<Reading> of) {
    if (previous == null || now.nanos <= previous.nanos) {
      return "";
    }
    double perSecond = (count - of.applyAsLong(previous)) * 1e9 / (now.nanos - previous.nanos);
    return String.format(Locale.ROOT, " (%.1f/s)", perSecond);
  }

  /**
   * Text the target JVM sent, with its control characters, line breaks and bidi overrides escaped:
   * a caller key can be a name an attacker chose (a user-keyed rule's principal), and a hostile app
   * can answer for Vigil's MBean; neither may move the cursor, retitle or clear the operator's terminal.
   */
  static String plain(String text) {
    return text == null ? "" : PlainText.escape(text);
  }

  private static String cut(String text, int width) {
    return text.length() <= width ? text : text.substring(0, width - 3) + "...";
  }
}
