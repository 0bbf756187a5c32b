package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.it.harness.App;
import dev.vigil.it.harness.AuditLog;
import dev.vigil.it.harness.Http;
import dev.vigil.it.harness.ItEnv;
import dev.vigil.it.harness.Jdk;
import dev.vigil.it.harness.ServerProcess;
import dev.vigil.it.harness.VigilCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An operator on call, against a real server: the policy file edited under it (a valid change
 * applies within seconds and keeps what did not change, an invalid one keeps the old policy and
 * names line, column and field), and the CLI in the agent jar (status, mode, unlock, ban, allow,
 * lift, reload, and {@code top} in a real terminal), each action in the audit file. One server JVM
 * per JDK.
 */
@Timeout(240)
class OperationsTest {
    private static final String THROTTLED = "198.51.100.7";
    private static final String RULES = String.join("\n",
            "trustedProxies: [127.0.0.0/8]",
            "rules:",
            "  - {name: web, routes: [\"/api/**\"], rate: 1/m, burst: 3}",
            "");

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void anOperatorChangesThePolicyAndActsOnCallersWithoutARestart(Jdk jdk) throws Exception {
        Assumptions.assumeTrue(jdk.available(), jdk + " not installed");
        Path dir = ItEnv.newWorkDir("operations-" + jdk.label());
        Path audit = dir.resolve("audit.jsonl");
        String base = "audit: {file: " + audit + "}\n" + RULES;
        Path policy = Files.writeString(dir.resolve("vigil.yaml"), base);
        try (ServerProcess server = ServerProcess.builder(App.JETTY12, jdk).name("operations").workDir(dir).policy(policy).start().awaitListening()) {
            long pid = server.pid();
            assertThat(statuses(server, THROTTLED, 4)).containsExactly(200, 200, 200, 429);

            // a valid edit: applied within seconds, the unchanged rule keeps its caller throttled
            Files.writeString(policy, base + "  - {name: extra, routes: [\"/extra/**\"], rate: 5/s}\n");
            String reloaded = server.awaitAgentLine(l -> l.contains("policy reloaded"), Duration.ofSeconds(15));
            assertThat(reloaded).contains("version 2", "file changed", "rule extra added", "kept: rule web");
            assertThat(statuses(server, THROTTLED, 1)).containsExactly(429);

            // an invalid edit: the old policy keeps running, the line names file, line, column and field
            Files.writeString(policy, base.replace("rate: 1/m", "rate: 1/q"));
            String failed = server.awaitAgentLine(l -> l.contains("policy reload failed"), Duration.ofSeconds(15));
            assertThat(failed).contains("version 2 keeps running", policy.toString(), "line 4 column 44", "rules[0].rate");
            assertThat(statuses(server, "198.51.100.8", 4)).as("still the old limits").containsExactly(200, 200, 200, 429);

            VigilCommand.Result status = VigilCommand.await(20, jdk, "status", pid);
            assertThat(status.status).as(status.toString()).isZero();
            assertThat(status.out).contains("in pid " + pid, "mode enforce", "policy v2", "MOST REFUSED", "ip:" + THROTTLED, "web");

            assertThat(cli(jdk, "unlock", pid, THROTTLED)).startsWith("unlocked ip:" + THROTTLED + ": cleared").contains("rule web 1");
            assertThat(statuses(server, THROTTLED, 1)).as("unlocked").containsExactly(200);

            assertThat(cli(jdk, "mode", pid, "monitor")).contains("mode switched enforce -> monitor");
            assertThat(statuses(server, "198.51.100.8", 2)).as("monitored, let through").containsExactly(200, 200);
            assertThat(cli(jdk, "mode", pid, "enforce")).contains("mode switched monitor -> enforce");
            assertThat(statuses(server, "198.51.100.8", 1)).as("enforced again, on what monitor mode counted").containsExactly(429);

            assertThat(cli(jdk, "ban", pid, "203.0.113.0/24", "for=10m")).isEqualTo("banned 203.0.113.0/24 for 10m");
            assertThat(cli(jdk, "allow", pid, "203.0.113.5", "for=5m")).startsWith("allowed 203.0.113.5/32 for 5m");
            assertThat(Http.getAs(server, "203.0.113.4", "/hello").status).isEqualTo(403);
            assertThat(statuses(server, "203.0.113.5", 5)).as("the allowed address inside the banned network").containsOnly(200);
            assertThat(cli(jdk, "status", pid)).contains("ban 203.0.113.0/24", "allow 203.0.113.5/32");
            assertThat(cli(jdk, "lift", pid, "203.0.113.0/24")).contains("lifted");
            assertThat(Http.getAs(server, "203.0.113.4", "/hello").status).isEqualTo(200);

            Files.writeString(policy, base + "  - {name: extra, routes: [\"/extra/**\"], rate: 5/s}\n"); // version 2's text again
            assertThat(cli(jdk, "reload", pid)).contains("policy unchanged (version 2");

            VigilCommand.Result wrong = VigilCommand.run(jdk, "mode", pid, "sideways");
            assertThat(wrong.status).isEqualTo(1);
            assertThat(wrong.err.trim()).isEqualTo("vigil: mode 'sideways': must be enforce or monitor");
            VigilCommand.Result forever = VigilCommand.run(jdk, "ban", pid, "203.0.113.9", "for=2y");
            assertThat(forever.err.trim()).startsWith("vigil: duration '2y': expected a duration such as");

            String screen = TerminalTop.capture(jdk, pid, "MOST REFUSED", "ip:198.51.100.8");
            assertThat(screen).contains("Vigil ", "in pid " + pid, "mode enforce", "BUSIEST CLIENTS", "refreshing every 1 s");
            Files.writeString(dir.resolve("top-screen.txt"), screen); // as the closing note shows it

            List<String> operations = new AuditLog(audit).awaitCount(e -> "operator".equals(e.get("rule")), 9, Duration.ofSeconds(10))
                    .stream().map(e -> (String) e.get("action")).collect(Collectors.toList());
            assertThat(operations).contains("reload", "unlock", "mode", "ban", "allow", "lift");
            Map<String, Object> unlock = new AuditLog(audit).await(e -> "unlock".equals(e.get("action")), Duration.ofSeconds(5));
            assertThat(unlock.get("key")).isEqualTo("ip:" + THROTTLED);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void theCliLoadsVigilIntoARunningJvmAndSaysClearlyWhatItCannotReach(Jdk jdk) throws Exception {
        Assumptions.assumeTrue(jdk.available(), jdk + " not installed");
        try (ServerProcess server = ServerProcess.builder(App.JDK_HTTPSERVER, jdk).name("cli-attach").withoutAgent().start().awaitListening()) {
            long pid = server.pid();
            VigilCommand.Result without = VigilCommand.run(jdk, "status", pid);
            assertThat(without.status).isEqualTo(1);
            assertThat(without.err).contains("process " + pid + " runs without Vigil", "java -jar vigil-agent.jar attach " + pid);
            assertThat(VigilCommand.run(jdk, "list").out).containsPattern("(?m)^" + pid + " +no ");

            Path policy = Files.writeString(server.workDir.resolve("attached.yaml"), RULES);
            assertThat(cli(jdk, "attach", pid, "config=" + policy)).startsWith("Vigil loaded into process " + pid + " with " + policy);
            assertThat(server.awaitAgentLine(l -> l.contains(" started: "), Duration.ofSeconds(20))).contains("attached at runtime");
            assertThat(statuses(server, THROTTLED, 4)).containsExactly(200, 200, 200, 429);
            VigilCommand.Result status = VigilCommand.await(20, jdk, "status", pid);
            assertThat(status.out).as(status.toString()).contains("mode enforce", "policy v1", "ip:" + THROTTLED);
            assertThat(VigilCommand.run(jdk, "list").out).containsPattern("(?m)^" + pid + " +yes ");
            VigilCommand.Result twice = VigilCommand.run(jdk, "attach", pid);
            assertThat(twice.err).contains("Vigil runs in process " + pid + " already");

            assertThat(VigilCommand.run(jdk, "status", 999_999_999).err.trim()).isEqualTo("vigil: no process 999999999 on this host");
            assertThat(VigilCommand.run(jdk, "status", "12ab").err).contains("not a process id: '12ab'");
            Process sleeper = new ProcessBuilder("sleep", "60").start();
            try {
                VigilCommand.Result notJava = VigilCommand.run(jdk, "status", sleeper.pid());
                assertThat(notJava.err).contains("process " + sleeper.pid(), "is not a Java VM");
                assertThat(sleeper.isAlive()).as("never signalled: attaching to a process that is not a JVM would kill it").isTrue();
            } finally {
                sleeper.destroyForcibly();
            }
            assertThat(VigilCommand.run(jdk, "frobnicate").status).isEqualTo(2);
            VigilCommand.Result schema = VigilCommand.run(jdk, "schema");
            assertThat(schema.out).as("the jar's schema is the source's").isEqualTo(
                    Files.readString(Path.of("../../agent/src/main/resources/dev/vigil/agent/config/vigil.schema.json")));

            boolean root = "root".equals(System.getProperty("user.name"));
            if (root && VigilCommand.runAs("nobody", jdk, "help").status == 0) {
                VigilCommand.Result otherUser = VigilCommand.runAs("nobody", jdk, "status", pid);
                assertThat(otherUser.err).contains("process " + pid + " runs as root, not nobody", "sudo -u root");
            }
        }
    }

    private static String cli(Jdk jdk, Object... args) {
        VigilCommand.Result result = VigilCommand.run(jdk, args);
        assertThat(result.status).as(result.toString()).isZero();
        return result.out.trim();
    }

    private static List<Integer> statuses(ServerProcess server, String client, int requests) {
        List<Integer> statuses = new java.util.ArrayList<>();
        for (int i = 0; i < requests; i++) {
            statuses.add(Http.getAs(server, client, "/api/items/" + i).status);
        }
        return statuses;
    }
}
