package dev.vigil.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One test app in a child JVM, optionally with -javaagent:vigil-agent.jar. stdout/stderr go to files in the
 * process's work directory (no pump threads, nothing to block); every wait is bounded; {@link #close()} kills the
 * process tree, and a shutdown hook (plus the apps' stdin watch) catches anything left behind.
 */
public final class ServerProcess implements AutoCloseable {
    public static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern LISTENING = Pattern.compile("^LISTENING (\\d+)\\s*$", Pattern.MULTILINE);
    private static final Set<ServerProcess> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(ServerProcess::close), "it-kill-children"));
    }

    public final String name;
    public final Launchable app;
    public final Jdk jdk;
    public final Path workDir;
    public final List<String> command;
    private final Process process;
    private final Path out;
    private final Path err;
    private volatile int port = -1;

    private ServerProcess(Builder b) {
        this.name = b.name;
        this.app = b.app;
        this.jdk = b.jdk;
        this.workDir = b.workDir;
        this.out = workDir.resolve("stdout.log");
        this.err = workDir.resolve("stderr.log");
        List<String> cmd = new ArrayList<>();
        cmd.add(jdk.javaBinary().toString());
        // fast, small child JVMs on a 2-core machine; -Dit.watchParent: exit when the test JVM dies
        cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
                "-Djava.io.tmpdir=" + workDir.resolve("tmp"), "-Dit.watchParent=true"));
        cmd.addAll(b.jvmArgsBeforeAgent);
        if (b.agent) {
            boolean agentArg = b.policyFile != null && !b.policyBySysProp;
            cmd.add("-javaagent:" + ItEnv.agentJar() + (agentArg ? "=config=" + b.policyFile : ""));
        }
        if (b.policyFile != null && b.policyBySysProp) cmd.add("-Dvigil.config=" + b.policyFile);
        b.sysProps.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(b.jvmArgs);
        cmd.addAll(List.of("-cp", app.classpath(), app.mainClass(), "0"));
        if (b.bindHost != null) cmd.add(b.bindHost);
        this.command = List.copyOf(cmd);
        try {
            Files.writeString(workDir.resolve("command.txt"), String.join(" ", command)
                    + (b.env.isEmpty() ? "" : "\nenvironment: " + b.env));
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            pb.environment().remove("VIGIL_CONFIG");
            pb.environment().remove("JAVA_TOOL_OPTIONS");
            pb.environment().remove("JDK_JAVA_OPTIONS");
            // both agents read OTEL_*: only what a test sets may reach the child
            pb.environment().keySet().removeIf(name -> name.startsWith("OTEL_"));
            pb.environment().putAll(b.env);
            this.process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        LIVE.add(this);
    }

    public static Builder builder(Launchable app, Jdk jdk) {
        return new Builder(app, jdk);
    }

    /** Waits (bounded) for "LISTENING port" on stdout; fails with the child's output if it exits or times out. */
    public ServerProcess awaitListening() {
        if (port > 0) return this;
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            Matcher m = LISTENING.matcher(stdout());
            if (m.find()) {
                port = Integer.parseInt(m.group(1));
                return this;
            }
            if (!process.isAlive()) {
                throw new AssertionError(describe("exited with code " + process.exitValue() + " before LISTENING"));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(describe("did not print LISTENING within " + START_TIMEOUT));
            }
            pause(25);
        }
    }

    /** Waits (bounded) for the process to exit by itself and returns its exit code. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(describe("still running after " + timeout));
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** For attaching the agent at runtime. */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public int port() {
        awaitListening();
        return port;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    /** The same path over IPv6 loopback: needs a server bound to {@code ::} or {@code ::1} ({@link Builder#bindHost}). */
    public URI uriV6(String path) {
        return URI.create("http://[::1]:" + port() + path);
    }

    public String stdout() {
        return read(out);
    }

    public String stderr() {
        return read(err);
    }

    /** The agent's own stderr lines ("[vigil] ..."). */
    public List<String> agentLines() {
        return stderr().lines().filter(l -> l.startsWith("[vigil] ")).collect(Collectors.toList());
    }

    public List<String> agentLines(Predicate<String> filter) {
        return agentLines().stream().filter(filter).collect(Collectors.toList());
    }

    /** Polls (bounded) until an agent stderr line matches; returns it. */
    public String awaitAgentLine(Predicate<String> filter, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> lines = agentLines(filter);
            if (!lines.isEmpty()) return lines.get(0);
            if (System.nanoTime() > deadline) {
                throw new AssertionError(describe("no matching [vigil] line within " + timeout));
            }
            pause(25);
        }
    }

    /** Human-readable failure context: command, exit state and the tail of both streams. */
    public String describe(String what) {
        return name + " (" + app + " on " + jdk + ") " + what
                + "\n  command: " + String.join(" ", command)
                + "\n  workDir: " + workDir
                + "\n  --- stdout (tail) ---\n" + tail(stdout())
                + "\n  --- stderr (tail) ---\n" + tail(stderr());
    }

    @Override
    public void close() {
        LIVE.remove(this);
        if (process.isAlive() || process.descendants().findAny().isPresent()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String tail(String s) {
        List<String> lines = s.lines().collect(Collectors.toList());
        return lines.subList(Math.max(0, lines.size() - 40), lines.size()).stream()
                .map(l -> "  | " + l).collect(Collectors.joining("\n"));
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? new String(Files.readAllBytes(p), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    public static final class Builder {
        private final Launchable app;
        private final Jdk jdk;
        private String name;
        private boolean agent = true;
        private Path policyFile;
        private boolean policyBySysProp;
        private Path workDir;
        private final Map<String, String> sysProps = new LinkedHashMap<>();
        private final List<String> jvmArgsBeforeAgent = new ArrayList<>();
        private final List<String> jvmArgs = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private String bindHost;

        private Builder(Launchable app, Jdk jdk) {
            this.app = app;
            this.jdk = jdk;
            this.name = app.id();
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder withoutAgent() {
            this.agent = false;
            return this;
        }

        /** -javaagent:vigil-agent.jar=config=PATH (or -Dvigil.config=PATH after {@link #policyBySystemProperty()}) */
        public Builder policy(Path policyFile) {
            this.policyFile = policyFile.toAbsolutePath();
            return this;
        }

        /** Hand the policy over as -Dvigil.config=PATH instead of the agent argument. */
        public Builder policyBySystemProperty() {
            this.policyBySysProp = true;
            return this;
        }

        public Path workDir() {
            return workDir;
        }

        public Builder sysProp(String key, String value) {
            sysProps.put(key, value);
            return this;
        }

        /** A JVM option placed before Vigil's -javaagent (another agent that must load first, say). */
        public Builder jvmArgBeforeAgent(String arg) {
            jvmArgsBeforeAgent.add(arg);
            return this;
        }

        /** A JVM option placed after Vigil's -javaagent and the -D properties, before -cp. */
        public Builder jvmArg(String arg) {
            jvmArgs.add(arg);
            return this;
        }

        /** The OpenTelemetry Java agent ({@link ItEnv#otelJavaAgent()}), attached before Vigil. */
        public Builder otelJavaAgent() {
            return jvmArgBeforeAgent("-javaagent:" + ItEnv.otelJavaAgent());
        }

        /** An environment variable for the child (OTEL_* from the test JVM's own environment never reach it). */
        public Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        /** Several environment variables, e.g. an OTLP receiver's exporterEnvironment(). */
        public Builder env(Map<String, String> variables) {
            env.putAll(variables);
            return this;
        }

        /** The address the app listens on (its second argument; default 127.0.0.1): {@code ::} for IPv4 and IPv6 loopback both. */
        public Builder bindHost(String host) {
            this.bindHost = host;
            return this;
        }

        public Builder workDir(Path dir) {
            this.workDir = dir;
            return this;
        }

        /** Starts the child JVM; does not wait (call {@link #awaitListening()}), so several can start at once. */
        public ServerProcess start() {
            if (!jdk.available()) {
                throw new IllegalStateException(jdk + " not found at " + jdk.home());
            }
            if (workDir == null) workDir = ItEnv.newWorkDir(app.id() + "-" + jdk.label() + "-" + name);
            return new ServerProcess(this);
        }
    }
}
