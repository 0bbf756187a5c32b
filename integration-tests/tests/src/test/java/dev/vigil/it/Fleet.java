package dev.vigil.it;

import dev.vigil.it.harness.App;
import dev.vigil.it.harness.AuditLog;
import dev.vigil.it.harness.Http;
import dev.vigil.it.harness.ItEnv;
import dev.vigil.it.harness.Jdk;
import dev.vigil.it.harness.ServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The child JVMs one (app, jdk) pair needs, all launched at once (startup overlaps on 2 cores) and awaited
 * lazily by the test that uses them. Clients are told apart by X-Forwarded-For from the trusted loopback peer,
 * so tests sharing a JVM never share a bucket.
 */
final class Fleet implements AutoCloseable {

    /** The main enforcing policy: deny/allow lists, trusted loopback proxy, four rules (one in monitor mode). */
    static final String ENFORCE = String.join("\n",
            "# vigil integration tests: enforce",
            "mode: enforce",
            "trustedProxies: [127.0.0.0/8]",
            "allow: [192.0.2.0/24]",
            "deny: [203.0.113.0/24]",
            "apiKeyHeader: X-API-Key",
            "audit: { file: ${AUDIT} }",
            "rules:",
            "  - name: tight",
            "    routes: [\"/hello\", \"/forward\"]",
            "    methods: [GET]",
            "    key: ip",
            "    rate: 1/m",
            "    burst: 2",
            "  - name: api",
            "    routes: [\"/api/**\"]",
            "    methods: [GET]",
            "    key: ip",
            "    rate: 1/s",
            "    burst: 2",
            "  - name: per-key",
            "    routes: [\"/api/**\"]",
            "    key: apikey",
            "    rate: 1/m",
            "    burst: 2",
            "  - name: login",
            "    routes: [\"/login\"]",
            "    methods: [POST]",
            "    key: ip",
            "    rate: 1/m",
            "    burst: 1",
            "  - name: whoami-watch",
            "    routes: [\"/whoami\"]",
            "    methods: [GET]",
            "    key: ip",
            "    rate: 1/m",
            "    burst: 1",
            "    mode: monitor",
            "");

    /** 127.0.0.1 (the test client) is NOT a trusted proxy here. */
    static final String UNTRUSTED = String.join("\n",
            "mode: enforce",
            "trustedProxies: [10.0.0.0/8]",
            "audit: { file: ${AUDIT} }",
            "rules:",
            "  - name: tight",
            "    routes: [\"/hello\"]",
            "    methods: [GET]",
            "    key: ip",
            "    rate: 1/m",
            "    burst: 2",
            "");

    /** Passed as -Dvigil.config, with the audit file from -Dvigil.audit.file (the other documented way in). */
    static final String MONITOR = String.join("\n",
            "mode: monitor",
            "trustedProxies: [127.0.0.0/8]",
            "rules:",
            "  - name: tight",
            "    routes: [\"/hello\"]",
            "    methods: [GET]",
            "    key: ip",
            "    rate: 1/m",
            "    burst: 2",
            "");

    /** Unknown field "bursst" in rules[0]. */
    static final String UNKNOWN_FIELD = String.join("\n",
            "mode: enforce",
            "trustedProxies: [127.0.0.0/8]",
            "rules:",
            "  - name: tight",
            "    routes: [\"/hello\"]",
            "    key: ip",
            "    rate: 1/m",
            "    burst: 2",
            "    bursst: 3",
            "");

    /** Prefix length 99 is not a CIDR. */
    static final String BAD_CIDR = String.join("\n",
            "mode: enforce",
            "trustedProxies: [127.0.0.0/8]",
            "deny: [203.0.113.0/99]",
            "rules:",
            "  - name: tight",
            "    routes: [\"/hello\"]",
            "    key: ip",
            "    rate: 1/m",
            "    burst: 2",
            "");

    private final App app;
    private final Jdk jdk;
    private final Map<String, ServerProcess> servers = new LinkedHashMap<>();
    private final Map<String, Path> policies = new LinkedHashMap<>();
    private boolean enforceWarm;

    Fleet(App app, Jdk jdk) {
        this.app = app;
        this.jdk = jdk;
        try {
            launch("noagent", null, b -> b.withoutAgent());
            launch("enforce", ENFORCE, b -> b);
            launch("untrusted", UNTRUSTED, b -> b);
            launch("monitor", MONITOR, b -> b.policyBySystemProperty()
                    .sysProp("vigil.audit.file", b.workDir().resolve("audit.jsonl").toString()));
            launch("unknown-field", UNKNOWN_FIELD, b -> b);
            launch("bad-cidr", BAD_CIDR, b -> b);
            launch("fail-on-invalid", UNKNOWN_FIELD, b -> b.sysProp("vigil.failOnInvalidConfig", "true"));
            launch("fail-engine", ENFORCE, b -> b.sysProp("vigil.test.failEngine", "true"));
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    private void launch(String name, String policy, UnaryOperator<ServerProcess.Builder> customize) {
        Path dir = ItEnv.newWorkDir(app.id + "-" + jdk.label() + "-" + name);
        ServerProcess.Builder b = ServerProcess.builder(app, jdk).name(name).workDir(dir);
        if (policy != null) {
            Path file = dir.resolve("vigil.yaml");
            write(file, policy.replace("${AUDIT}", dir.resolve("audit.jsonl").toString()));
            policies.put(name, file);
            b.policy(file);
        }
        servers.put(name, customize.apply(b).start());
    }

    /** Started (not awaited): for JVMs expected to exit. */
    ServerProcess raw(String name) {
        return servers.get(name);
    }

    /** Awaits LISTENING. */
    ServerProcess get(String name) {
        return servers.get(name).awaitListening();
    }

    ServerProcess noAgent() {
        return get("noagent");
    }

    /** The enforcing JVM, warmed up once (cold first requests must not refill a 1/s bucket mid-test). */
    ServerProcess enforce() {
        ServerProcess s = get("enforce");
        if (!enforceWarm) {
            for (int i = 0; i < 3; i++) {
                Http.get(s, "/whoami");
                Http.getAs(s, "198.51.100.250", "/api/items/0");
            }
            enforceWarm = true;
        }
        return s;
    }

    Path policy(String name) {
        return policies.get(name);
    }

    AuditLog audit(String name) {
        return new AuditLog(servers.get(name).workDir.resolve("audit.jsonl"));
    }

    @Override
    public void close() {
        servers.values().forEach(ServerProcess::close);
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
