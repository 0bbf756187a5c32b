package dev.vigil.it.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** Paths handed over by surefire (see integration-tests/tests/pom.xml), with fallbacks for IDE runs. */
public final class ItEnv {
    private static final AtomicInteger RUN = new AtomicInteger();
    private static volatile boolean cleaned;

    private ItEnv() {}

    /** agent/target/vigil-agent.jar; fails the test (not skips) when missing: it is the product under test. */
    public static Path agentJar() {
        Path jar = path("vigil.it.agentJar", "../../agent/target/vigil-agent.jar");
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError("agent jar not found at " + jar + " (build it: ./mvnw -B -DskipTests package)");
        }
        return jar;
    }

    /**
     * The OpenTelemetry Java agent (io.opentelemetry.javaagent:opentelemetry-javaagent, version in the root
     * pom), copied to integration-tests/tests/target/otel by maven-dependency-plugin; fails when missing.
     */
    public static Path otelJavaAgent() {
        Path jar = path("vigil.it.otelJavaAgent", "target/otel/opentelemetry-javaagent.jar");
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError("OpenTelemetry Java agent not found at " + jar
                    + " (./mvnw -B process-test-resources -pl integration-tests/tests copies it there from Maven Central)");
        }
        return jar;
    }

    public static Path appsDir() {
        return path("vigil.it.appsDir", "../apps");
    }

    /** operations/grafana: the dashboard and the Collector configuration shipped for it. */
    public static Path grafanaDir() {
        return path("vigil.it.grafanaDir", "../../operations/grafana");
    }

    /** A fresh directory under target/it-work for one child JVM (policy, audit file, logs, tmpdir). */
    public static Path newWorkDir(String name) {
        Path base = path("vigil.it.workDir", "target/it-work");
        cleanOnce(base);
        Path dir = base.resolve(String.format("%03d-%s", RUN.incrementAndGet(), name.replaceAll("[^A-Za-z0-9._-]", "_")));
        try {
            Files.createDirectories(dir.resolve("tmp"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return dir;
    }

    /** Old runs' files (audit logs above all) must never satisfy this run's assertions. */
    private static synchronized void cleanOnce(Path base) {
        if (cleaned) return;
        cleaned = true;
        if (!Files.exists(base)) return;
        try (java.util.stream.Stream<Path> walk = Files.walk(base)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Path path(String property, String fallback) {
        return Path.of(System.getProperty(property, fallback)).toAbsolutePath().normalize();
    }
}
