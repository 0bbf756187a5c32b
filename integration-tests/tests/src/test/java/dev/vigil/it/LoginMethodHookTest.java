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
 * Methods named in the policy: the Tomcat 11 app's own login code, no framework. POST
 * /account/sign-in calls {@code AccountService.signIn(user, password)}, a boolean (the policy names
 * the class); POST /account/authenticate calls {@code Authenticator.authenticate(Credentials)},
 * which throws on failure (the policy names the interface and reads the username through
 * {@code getUsername}). The app answers 401 for false or for one of its two exceptions, 500 for
 * anything else: a locked attempt must fail the app's own way, before the password is checked.
 */
@Timeout(120)
class LoginMethodHookTest {
    private static final String POLICY = String.join("\n",
            "trustedProxies: [127.0.0.0/8]",
            "audit: { file: ${AUDIT} }",
            "rules: []",
            "login:",
            "  methods:",
            "    - class: com.example.app.support.AccountService",
            "      method: signIn",
            "      username: arg0",
            "      success: returns-true",
            "    - class: com.example.app.support.Authenticator",
            "      method: authenticate",
            "      username: arg0.username",
            "      success: no-exception",
            "      failureExceptions: [com.example.app.support.BadPasswordException]",
            "      unknownUserExceptions: [com.example.app.support.NoSuchAccountException]",
            "");

    private static BruteForce.Login form(ServerProcess server, String path) {
        return (client, user, password) -> Http.postForm(server, path, "username=" + user + "&password=" + password, "X-Forwarded-For", client);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void bruteForceOnAConfiguredMethodStopsAtTheThresholdAndFailsTheAppsOwnWay(Jdk jdk) throws Exception {
        Assumptions.assumeTrue(jdk.available(), jdk + " not installed");
        Path dir = ItEnv.newWorkDir("tomcat11-" + jdk.label() + "-login-methods");
        Path audit = dir.resolve("audit.jsonl");
        Path policy = dir.resolve("vigil.yaml");
        Files.writeString(policy, POLICY.replace("${AUDIT}", audit.toString()));
        try (ServerProcess server = ServerProcess.builder(App.TOMCAT11, jdk).name("login-methods").workDir(dir).policy(policy).start().awaitListening()) {
            assertThat(server.agentLines(l -> l.startsWith("[vigil] Vigil "))).as(server.describe("startup line"))
                    .singleElement().asString().containsPattern("instrumenting=\\[[^\\]]*\\blogin-methods\\b");

            BruteForce.Measured byReturn = BruteForce.run(server, form(server, "/account/sign-in"), "198.51.100.66", "198.51.100.77", "198.51.100.99");
            System.out.println("[measured] login method by return value on " + jdk + ": " + byReturn);
            BruteForce.Measured byException = BruteForce.run(server, form(server, "/account/authenticate"), "198.51.100.166", "198.51.100.177", "198.51.100.199");
            System.out.println("[measured] login method by exception on " + jdk + ": " + byException);

            server.awaitAgentLine(l -> l.equals("[vigil] instrumented login-methods (first type: com.example.app.support.AccountService)"),
                    Duration.ofSeconds(5));

            AuditLog log = new AuditLog(audit);
            String signIn = "auth:com.example.app.support.AccountService.signIn";
            String authenticate = "auth:com.example.app.support.Authenticator.authenticate";
            log.await(e -> "198.51.100.66".equals(e.get("client")) && "user-ip".equals(e.get("rule")) && signIn.equals(e.get("path")), Duration.ofSeconds(5));
            log.await(e -> "198.51.100.166".equals(e.get("client")) && "user-ip".equals(e.get("rule")) && authenticate.equals(e.get("path")), Duration.ofSeconds(5));
            log.await(e -> "198.51.100.199".equals(e.get("client")) && "unknown-user".equals(e.get("outcome")) && authenticate.equals(e.get("path")),
                    Duration.ofSeconds(5));
            assertThat(log.entries()).as("a false return cannot tell an unknown account")
                    .noneMatch(e -> "198.51.100.99".equals(e.get("client")) && "unknown-user".equals(e.get("outcome")));
            assertThat(server.agentLines(l -> l.contains("ERROR"))).as("no agent errors").isEmpty();
        }
    }
}
