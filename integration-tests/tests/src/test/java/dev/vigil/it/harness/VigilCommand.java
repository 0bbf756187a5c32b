package dev.vigil.it.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code java -jar vigil-agent.jar <command>} run as an operator runs it: a real child process, its output and exit status. */
public final class VigilCommand {
    /** What one run printed. */
    public static final class Result {
        public final int status;
        public final String out;
        public final String err;

        Result(int status, String out, String err) {
            this.status = status;
            this.out = out;
            this.err = err;
        }

        @Override
        public String toString() {
            return "exit " + status + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
        }
    }

    private VigilCommand() {}

    public static Result run(Jdk jdk, Object... args) {
        return runAs(null, jdk, args);
    }

    /** @param user run through {@code runuser -u USER} (the tests run as root on CI), or null for this user */
    public static Result runAs(String user, Jdk jdk, Object... args) {
        List<String> command = new ArrayList<>();
        if (user != null) {
            command.addAll(List.of("runuser", "-u", user, "--"));
        }
        command.addAll(List.of(jdk.javaBinary().toString(), "-jar", ItEnv.agentJar().toAbsolutePath().toString()));
        for (Object arg : args) {
            command.add(String.valueOf(arg));
        }
        try {
            Path out = Files.createTempFile("vigil-cli", ".out");
            Path err = Files.createTempFile("vigil-cli", ".err");
            try {
                Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("still running after 60 s: " + command);
                }
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Runs until it succeeds (the MBean registers shortly after the app's first request), at most {@code seconds}. */
    public static Result await(int seconds, Jdk jdk, Object... args) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (true) {
            Result result = run(jdk, args);
            if (result.status == 0 || System.nanoTime() > deadline) {
                return result;
            }
            ServerProcess.pause(500);
        }
    }
}
