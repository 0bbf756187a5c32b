package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.it.harness.App;
import dev.vigil.it.harness.AuditLog;
import dev.vigil.it.harness.Http;
import dev.vigil.it.harness.ItEnv;
import dev.vigil.it.harness.Jdk;
import dev.vigil.it.harness.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * JAAS: the JDK HttpServer app's POST /jaas/login runs {@code LoginContext.login()} with a
 * LoginModule that checks alice/secret and says {@code AccountNotFoundException} for anyone else,
 * configured through -Djava.security.auth.login.config. No login route and no method is configured:
 * the hook alone stops the brute force before the module checks the password, with the
 * LoginException the app already handles, and audits the unknown account as such.
 */
@Timeout(120)
class JaasHookTest {
    private static final String POLICY = String.join("\n",
            "trustedProxies: [127.0.0.0/8]",
            "audit: { file: ${AUDIT} }",
            "rules: []",
            "");
    private static final String JAAS_CONFIG = String.join("\n",
            "vigil-it {",
            "  com.example.app.support.JaasPasswordModule required;",
            "};",
            "");
    private static final String ATTACKER = "198.51.100.66";
    private static final String REAL_USER = "198.51.100.77";
    private static final String UNKNOWN_ACCOUNT_CLIENT = "198.51.100.99";

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void bruteForceStopsAtTheThresholdAndFailsTheJaasWay(Jdk jdk) throws Exception {
        Assumptions.assumeTrue(jdk.available(), jdk + " not installed");
        Path dir = ItEnv.newWorkDir("jdk-httpserver-" + jdk.label() + "-jaas");
        Path audit = dir.resolve("audit.jsonl");
        Path policy = dir.resolve("vigil.yaml");
        Path jaas = dir.resolve("jaas.conf");
        Files.writeString(policy, POLICY.replace("${AUDIT}", audit.toString()));
        Files.writeString(jaas, JAAS_CONFIG);
        try (ServerProcess server = ServerProcess.builder(App.JDK_HTTPSERVER, jdk).name("jaas").workDir(dir).policy(policy)
                .sysProp("java.security.auth.login.config", jaas.toString()).start().awaitListening()) {
            assertThat(server.agentLines(l -> l.startsWith("[vigil] Vigil "))).as(server.describe("startup line"))
                    .singleElement().asString().containsPattern("instrumenting=\\[[^\\]]*\\bjaas\\b")
                    .as("no login methods configured").doesNotContain("login-methods");

            BruteForce.Measured measured = BruteForce.run(server,
                    (client, user, password) -> Http.postForm(server, "/jaas/login", "username=" + user + "&password=" + password,
                            "X-Forwarded-For", client),
                    ATTACKER, REAL_USER, UNKNOWN_ACCOUNT_CLIENT);
            System.out.println("[measured] JAAS on " + jdk + ": " + measured);
            server.awaitAgentLine(l -> l.equals("[vigil] instrumented jaas (first type: javax.security.auth.login.LoginContext)"), Duration.ofSeconds(5));

            AuditLog log = new AuditLog(audit);
            log.await(e -> ATTACKER.equals(e.get("client")) && "user-ip".equals(e.get("rule")) && "auth:jaas".equals(e.get("path")),
                    Duration.ofSeconds(5));
            log.await(e -> ATTACKER.equals(e.get("client")) && "login-failure".equals(e.get("action")) && "failure".equals(e.get("outcome")),
                    Duration.ofSeconds(5));
            log.await(e -> UNKNOWN_ACCOUNT_CLIENT.equals(e.get("client")) && "login-failure".equals(e.get("action"))
                    && "unknown-user".equals(e.get("outcome")) && "auth:jaas".equals(e.get("path")), Duration.ofSeconds(5));
            assertThat(log.entries()).as("AccountNotFoundException is told apart, never a wrong password for alice")
                    .noneMatch(e -> ATTACKER.equals(e.get("client")) && "unknown-user".equals(e.get("outcome")));
            assertThat(String.join("\n", Files.readAllLines(audit))).as("no username in the audit file").doesNotContain("alice", "mallory");
        }
    }
}
