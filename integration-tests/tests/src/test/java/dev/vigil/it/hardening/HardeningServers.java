package dev.vigil.it.hardening;

import dev.vigil.it.harness.App;
import dev.vigil.it.harness.AuditLog;
import dev.vigil.it.harness.FrameworkApp;
import dev.vigil.it.harness.ItEnv;
import dev.vigil.it.harness.Jdk;
import dev.vigil.it.harness.Launchable;
import dev.vigil.it.harness.ServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The child JVMs every adversarial test class shares: one per (app, jdk), all bound to {@code ::} so a
 * test reaches each over IPv4 (127.0.0.1) and IPv6 ([::1]), all running {@link #POLICY}. The first test
 * that needs a JDK's servers starts all of them at once (startup overlaps); they live until the test JVM
 * exits (ServerProcess's shutdown hook kills them). Tests tell their clients apart by X-Forwarded-For
 * from the trusted loopback peer, so classes sharing a JVM never share a bucket: each test picks its
 * own addresses.
 */
public final class HardeningServers {
    /**
     * One policy for every finding: rules each test owns by route, small tables so a flood of new keys
     * is cheap to send, a login route on {@code /login} and on the echo routes.
     */
    static final String POLICY = String.join("\n",
            "# vigil adversarial tests",
            "mode: enforce",
            // IPv6 CIDRs quoted: in a YAML flow list, "::1" is read as a key/value separator
            "trustedProxies: [127.0.0.0/8, \"::1/128\"]",
            "allow: [192.0.2.0/24, \"2001:db8:a11::/48\"]",
            "deny: [203.0.113.0/24, \"2001:db8:dead::/48\"]",
            "apiKeyHeader: X-API-Key",
            "audit: { file: ${AUDIT} }",
            "state: { maxKeysPerRule: 50 }",
            "login:",
            "  maxTrackedKeys: 50",
            "  routes:",
            "    - { path: /login, usernameParameter: ${USERNAME_PARAMETER} }",
            "    - { path: /echo/*, usernameParameter: user }",
            "rules:",
            "  - name: get-only",          // HEAD counts as GET; several X-Forwarded-For lines
            "    routes: [\"/hello\"]",
            "    methods: [GET]",
            "    rate: 1/m",
            "    burst: 2",
            "  - name: globs",             // linear-time matching
            "    routes: [\"/**/api/**/admin/**/delete\"]",
            "    rate: 1/m",
            "    burst: 1",
            "  - name: per-subnet",        // IPv6 subnet keys
            "    routes: [\"/net/**\"]",
            "    key: subnet",
            "    rate: 1/m",
            "    burst: 2",
            "  - name: per-user",          // key: user on Spring Security
            "    routes: [\"/secure/**\"]",
            "    key: user",
            "    rate: 1/m",
            "    burst: 2",
            "  - name: flood",             // a full table keeps its abusers
            "    routes: [\"/api/**\"]",
            "    rate: 1/m",
            "    burst: 2",
            "");

    private static final Map<String, ServerProcess> SERVERS = new ConcurrentHashMap<>();

    private HardeningServers() {}

    /** The four bare servers on each JDK, as (app, jdk) arguments for a parameterized test. */
    public static Stream<Arguments> servers() {
        List<Arguments> targets = new ArrayList<>();
        for (Jdk jdk : Jdk.values()) {
            for (App app : App.values()) {
                targets.add(Arguments.of(app, jdk));
            }
        }
        return targets.stream();
    }

    /** Spring Boot 3.5 / Security 6 and 4.0 / Security 7 on each JDK. */
    public static Stream<Arguments> springApps() {
        List<Arguments> targets = new ArrayList<>();
        for (Jdk jdk : Jdk.values()) {
            targets.add(Arguments.of(FrameworkApp.SPRING_BOOT, jdk));
            targets.add(Arguments.of(FrameworkApp.SPRING_BOOT4, jdk));
        }
        return targets.stream();
    }

    /** The shared server for (app, jdk), listening; skips the test when the JDK is not installed. */
    public static ServerProcess get(Launchable app, Jdk jdk) {
        Assumptions.assumeTrue(jdk.available(), () -> jdk + " not found at " + jdk.home() + ": skipping " + app);
        return SERVERS.computeIfAbsent(key(app, jdk), k -> start(app, jdk)).awaitListening();
    }

    /** The audit trail of the shared server for (app, jdk). */
    public static AuditLog audit(Launchable app, Jdk jdk) {
        return new AuditLog(get(app, jdk).workDir.resolve("audit.jsonl"));
    }

    /** Starts a JVM of {@code app} with its own policy (for a setting the shared one cannot have). */
    public static ServerProcess startWith(Launchable app, Jdk jdk, String name, String policy) {
        return startWith(app, jdk, name, policy, UnaryOperator.identity());
    }

    /**
     * As {@link #startWith(Launchable, Jdk, String, String)}, with more settings for the child (environment,
     * system properties). Not awaited: a JVM expected to exit can be asked for its exit code.
     */
    public static ServerProcess startWith(Launchable app, Jdk jdk, String name, String policy, UnaryOperator<ServerProcess.Builder> customize) {
        Assumptions.assumeTrue(jdk.available(), () -> jdk + " not found at " + jdk.home() + ": skipping " + app);
        Path dir = ItEnv.newWorkDir(app.id() + "-" + jdk.label() + "-" + name);
        Path file = dir.resolve("vigil.yaml");
        write(file, policy.replace("${AUDIT}", dir.resolve("audit.jsonl").toString()));
        return customize.apply(ServerProcess.builder(app, jdk).name(name).workDir(dir).policy(file).bindHost("::")).start();
    }

    private static ServerProcess start(Launchable app, Jdk jdk) {
        Path dir = ItEnv.newWorkDir(app.id() + "-" + jdk.label() + "-hardening");
        Path file = dir.resolve("vigil.yaml");
        boolean spring = app == FrameworkApp.SPRING_BOOT || app == FrameworkApp.SPRING_BOOT4;
        write(file, POLICY.replace("${AUDIT}", dir.resolve("audit.jsonl").toString())
                .replace("${USERNAME_PARAMETER}", spring ? "username" : "user"));
        return ServerProcess.builder(app, jdk).name("hardening").workDir(dir).policy(file).bindHost("::").start();
    }

    private static String key(Launchable app, Jdk jdk) {
        return app.id() + "@" + jdk.label();
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
