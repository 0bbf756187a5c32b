package dev.vigil.it.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.it.harness.App;
import dev.vigil.it.harness.ItEnv;
import dev.vigil.it.harness.Jdk;
import dev.vigil.it.harness.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The evaluation: labelled benign traffic mixed with every attack type, against a real Jetty app with
 * the agent and the built-in defaults (plus the one line an operator adds for API clients,
 * {@code apiKeyHeader}, and an audit file to read the account-takeover reports from). About 12
 * minutes: a 5.5-minute warm-up (the routes learn their usual load), the attacks a few seconds
 * apart, a minute of cool-down. Not part of the build (its name does not end in Test): run it with
 * {@code benchmarks/evaluation/run.sh}. It writes its table to {@code target/evaluation/table.md}.
 */
class EvaluationHarness {
    @Test
    @Timeout(45 * 60)
    void labelledTrafficWithEveryAttackType() throws Exception {
        long warmUp = Long.getLong("vigil.evaluation.warmUpMillis", 330_000);
        Path dir = ItEnv.newWorkDir("evaluation");
        Path audit = dir.resolve("audit.jsonl");
        Path policy = dir.resolve("vigil.yaml");
        Files.writeString(policy, "apiKeyHeader: X-API-Key\naudit:\n  file: " + audit + "\n");
        List<Caller> benign = People.population(11);
        List<Caller> attacks = Campaigns.all(13);
        String table;
        int errors;
        try (ServerProcess server = ServerProcess.builder(App.JETTY12, Jdk.JAVA17).name("evaluation").workDir(dir).policy(policy).start().awaitListening()) {
            errors = new EvaluationRun(server).run(benign, attacks, warmUp, 8_000, 60_000);
            Thread.sleep(2_000); // the audit writer's last batch
            table = Scoreboard.table(benign, attacks, Files.exists(audit) ? Files.readString(audit) : "");
        }
        Path out = Path.of("target", "evaluation");
        Files.createDirectories(out);
        Files.writeString(out.resolve("table.md"), table);
        System.out.println(table);
        System.out.printf("[measured] evaluation: %d requests failed at the transport level%n", errors);
        for (Caller source : attacks) {
            assertThat(source.sent()).as("%s sent its requests", source.id).isPositive();
        }
        assertThat(benign.stream().mapToInt(Caller::sent).sum()).as("benign requests").isGreaterThan(10_000);
    }
}
