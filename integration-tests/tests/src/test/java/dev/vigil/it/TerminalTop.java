package dev.vigil.it;

import dev.vigil.it.harness.ItEnv;
import dev.vigil.it.harness.Jdk;
import dev.vigil.it.harness.ServerProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * {@code java -jar vigil-agent.jar top PID} in a real terminal: a detached tmux session of a fixed
 * size on its own server socket, its screen captured once it shows what the test waits for.
 */
final class TerminalTop {
    private static final String SOCKET = "vigil-it-" + ProcessHandle.current().pid();

    private TerminalTop() {}

    /** The screen {@code top} draws, once it contains every one of {@code expected} (at most 30 s). */
    static String capture(Jdk jdk, long pid, String... expected) throws Exception {
        Assumptions.assumeTrue(run("tmux", "-V") == 0, "tmux is not installed");
        String command = jdk.javaBinary() + " -jar " + ItEnv.agentJar().toAbsolutePath() + " top " + pid + " -d 1";
        String session = "top" + pid;
        if (run("tmux", "-L", SOCKET, "new-session", "-d", "-s", session, "-x", "110", "-y", "40", command) != 0) {
            throw new AssertionError("tmux could not start " + command);
        }
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            String screen = "";
            while (System.nanoTime() < deadline) {
                screen = output("tmux", "-L", SOCKET, "capture-pane", "-p", "-t", session);
                if (containsAll(screen, expected)) {
                    return screen;
                }
                ServerProcess.pause(250);
            }
            throw new AssertionError("top never showed " + List.of(expected) + "; its last screen:\n" + screen);
        } finally {
            run("tmux", "-L", SOCKET, "kill-server");
        }
    }

    private static boolean containsAll(String screen, String[] expected) {
        for (String text : expected) {
            if (!screen.contains(text)) {
                return false;
            }
        }
        return true;
    }

    private static int run(String... command) throws IOException, InterruptedException {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(10, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (IOException notInstalled) {
            return -1;
        }
    }

    private static String output(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(10, TimeUnit.SECONDS);
        return text;
    }
}
