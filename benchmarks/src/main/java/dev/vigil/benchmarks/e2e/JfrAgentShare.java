package dev.vigil.benchmarks.e2e;

import java.io.IOException;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a JFR recording's CPU samples ({@code jdk.ExecutionSample}) go, and the agent's share of
 * them. A sample is the agent's when the first frame from the top that is not the JDK's own
 * (java.*, javax.*, jdk.*, sun.*, com.sun.*) is a {@code dev.vigil} frame: time in JDK code the
 * agent called counts as the agent's, time in the server or the app as theirs. Also counted: samples
 * with a {@code dev.vigil} frame anywhere on the stack (an upper bound). Prints the top frames overall,
 * and for the agent's samples the innermost and the outermost {@code dev.vigil} frame (where its time
 * goes, and through which hook it came in).
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.vigil.benchmarks.e2e.JfrAgentShare recording.jfr [top N]</pre>
 */
public final class JfrAgentShare {
  private JfrAgentShare() {}

  public static void main(String[] args) throws IOException {
    int top = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    Map<String, Integer> topFrames = new HashMap<>();
    Map<String, Integer> agentInnermost = new HashMap<>();
    Map<String, Integer> agentOutermost = new HashMap<>();
    Map<String, Integer> agentTopFrames = new HashMap<>();
    Map<String, Integer> threads = new HashMap<>();
    int total = 0, agent = 0, agentAnywhere = 0;
    try (RecordingFile recording = new RecordingFile(Paths.get(args[0]))) {
      while (recording.hasMoreEvents()) {
        RecordedEvent event = recording.readEvent();
        if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) continue;
        List<RecordedFrame> frames = event.getStackTrace().getFrames();
        if (frames.isEmpty()) continue;
        total++;
        String thread = event.getThread("sampledThread") != null ? event.getThread("sampledThread").getJavaName() : "?";
        threads.merge(threadGroup(thread), 1, Integer::sum);
        topFrames.merge(name(frames.get(0)), 1, Integer::sum);
        String firstOwn = null;
        String innermost = null, outermost = null;
        for (RecordedFrame frame : frames) {
          String type = typeName(frame);
          if (firstOwn == null && !isJdk(type)) firstOwn = type;
          if (type.startsWith("dev.vigil.")) {
            if (innermost == null) innermost = name(frame);
            outermost = name(frame);
          }
        }
        if (innermost != null) agentAnywhere++;
        if (firstOwn != null && firstOwn.startsWith("dev.vigil.")) {
          agent++;
          agentInnermost.merge(innermost, 1, Integer::sum);
          agentOutermost.merge(outermost, 1, Integer::sum);
          agentTopFrames.merge(name(frames.get(0)), 1, Integer::sum);
        }
      }
    }
    System.out.printf(Locale.ROOT, "execution samples: %d%n", total);
    System.out.printf(Locale.ROOT, "the agent's (first non-JDK frame from the top is dev.vigil): %d = %.1f %%%n", agent, pct(agent, total));
    System.out.printf(Locale.ROOT, "with a dev.vigil frame anywhere on the stack:              %d = %.1f %%%n", agentAnywhere, pct(agentAnywhere, total));
    print("samples by thread (digits folded)", threads, total, top);
    print("top frames, all samples", topFrames, total, top);
    print("the agent's samples by innermost dev.vigil frame (where its time goes)", agentInnermost, total, top);
    print("the agent's samples by top frame (JDK code it called included)", agentTopFrames, total, top);
    print("the agent's samples by outermost dev.vigil frame (the hook it came in through)", agentOutermost, total, top);
  }

  private static void print(String title, Map<String, Integer> counts, int total, int top) {
    System.out.println();
    System.out.println(title + ":");
    counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
        .forEach(e -> System.out.printf(Locale.ROOT, "  %6d %5.1f %%  %s%n", e.getValue(), pct(e.getValue(), total), e.getKey()));
  }

  static boolean isJdk(String type) {
    return type.startsWith("java.") || type.startsWith("javax.") || type.startsWith("jdk.") || type.startsWith("sun.") || type.startsWith("com.sun.");
  }

  private static String threadGroup(String name) {
    return name.replaceAll("[0-9]+", "N");
  }

  private static String typeName(RecordedFrame frame) {
    RecordedMethod method = frame.getMethod();
    return method == null || method.getType() == null ? "?" : method.getType().getName();
  }

  private static String name(RecordedFrame frame) {
    RecordedMethod method = frame.getMethod();
    return method == null ? "?" : typeName(frame) + "." + method.getName();
  }

  private static double pct(int n, int total) {
    return total == 0 ? 0 : 100.0 * n / total;
  }
}
