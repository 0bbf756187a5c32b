package dev.vigil.bootstrap;

import java.io.PrintStream;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Vigil's own lines on stderr, prefixed {@code [vigil]}. Errors are rate-limited per key: the first
 * is printed with its cause, later ones at most once a minute with a count of those suppressed, so
 * a failure on every request cannot flood the app's log. Keys are a small fixed set chosen by the
 * code, and the map is capped anyway. Every message and cause is {@link PlainText#escape escaped}: they
 * may carry request data (a caller key, a username in an exception), and a CR/LF in it must not
 * print a line of its own that looks like Vigil's.
 */
public final class AgentLog {
  private static final long INTERVAL_NANOS = 60_000_000_000L;
  private static final int MAX_KEYS = 256;
  private static final ConcurrentHashMap<String, Window> WINDOWS = new ConcurrentHashMap<String, Window>();
  private static final AtomicLong ERRORS = new AtomicLong();
  private static volatile PrintStream out = System.err;

  private AgentLog() {}

  /** Redirects output, for tests. */
  public static void redirect(PrintStream stream) {
    out = stream == null ? System.err : stream;
  }

  public static void info(String message) {
    out.println("[vigil] " + PlainText.escape(message));
  }

  public static void warn(String message) {
    out.println("[vigil] WARN " + PlainText.escape(message));
  }

  /** Errors reported so far, printed or suppressed: the {@code vigil.errors} metric. */
  public static long errorCount() {
    return ERRORS.get();
  }

  public static void error(String message) {
    ERRORS.incrementAndGet();
    out.println("[vigil] ERROR " + PlainText.escape(message));
  }

  /** Target of the exception handler woven into advice: a suppressed advice failure is reported here. */
  public static void adviceError(Throwable t) {
    errorOnce("advice", "instrumentation advice failed; request allowed", t);
  }

  /** Logs an error at most once per minute per key; never throws. */
  public static void errorOnce(String key, String message, Throwable cause) {
    ERRORS.incrementAndGet();
    try {
      Window window = WINDOWS.get(key);
      if (window == null) {
        if (WINDOWS.size() >= MAX_KEYS) {
          key = "overflow";
        }
        Window fresh = new Window();
        window = WINDOWS.putIfAbsent(key, fresh);
        if (window == null) {
          window = fresh;
        }
      }
      long suppressed = window.admit(System.nanoTime());
      if (suppressed < 0) {
        return;
      }
      String why = cause == null ? "" : ": " + cause;
      String more = suppressed > 0 ? " (" + suppressed + " similar errors suppressed)" : "";
      out.println("[vigil] ERROR " + PlainText.escape(message + why) + more);
      if (cause != null && Boolean.getBoolean("vigil.debug")) {
        cause.printStackTrace(out);
      }
    } catch (Throwable ignored) {
      // logging must never be the thing that breaks a request
    }
  }

  private static final class Window {
    private final AtomicLong nextAllowed = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    /** Returns how many were suppressed since the last line, or -1 if this one is suppressed. */
    long admit(long now) {
      long next = nextAllowed.get();
      if (next != Long.MIN_VALUE && now - next < 0) {
        suppressed.incrementAndGet();
        return -1;
      }
      if (!nextAllowed.compareAndSet(next, now + INTERVAL_NANOS)) {
        suppressed.incrementAndGet();
        return -1;
      }
      return suppressed.getAndSet(0);
    }
  }
}
