package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.it.harness.App;
import dev.vigil.it.harness.AuditLog;
import dev.vigil.it.harness.Http;
import dev.vigil.it.harness.Http.Resp;
import dev.vigil.it.harness.ItEnv;
import dev.vigil.it.harness.Jdk;
import dev.vigil.it.harness.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A login route: any framework's login form, watched from the outside. Brute force against one
 * account is refused before the password is checked once the threshold is reached, the real user
 * from elsewhere still gets in, and the agent answers the same for known and unknown accounts.
 */
@Timeout(120)
class LoginRouteTest {
  private static final String POLICY = String.join("\n",
      "trustedProxies: [127.0.0.0/8]",
      "audit: { file: ${AUDIT} }",
      "rules: []",
      "login:",
      "  routes:",
      "    - { path: /login, usernameParameter: user }",
      "");

  static Stream<Arguments> targets() {
    List<Arguments> targets = new ArrayList<>();
    for (Jdk jdk : Jdk.values()) {
      for (App app : App.values()) {
        targets.add(Arguments.of(app, jdk));
      }
    }
    return targets.stream();
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("targets")
  void oneAccountAttackedFromFiftyAddressesIsSlowedWhileTheRealUserStillGetsIn(App app, Jdk jdk) throws Exception {
    Assumptions.assumeTrue(jdk.available(), jdk + " not installed");
    Assumptions.assumeTrue(app != App.JDK_HTTPSERVER, "the JDK HttpServer has no form parameters: attempts count by source only");
    Path dir = ItEnv.newWorkDir(app.id + "-" + jdk.label() + "-login-50");
    Path policy = dir.resolve("vigil.yaml");
    Files.writeString(policy, POLICY.replace("${AUDIT}", dir.resolve("audit.jsonl").toString()));
    try (ServerProcess server = ServerProcess.builder(app, jdk).name("login-50").workDir(dir).policy(policy).start().awaitListening()) {
      assertThat(login(server, "198.51.100.10", "alice", "secret").status).as("the real user, earlier, from home").isEqualTo(200);

      int reachedApp = 0;
      for (int source = 1; source <= 50; source++) {
        for (int attempt = 1; attempt <= 3; attempt++) {
          // each address stays under the per-address thresholds; together they hammer one account
          if (login(server, "203.0.113." + source, "alice", "guess" + attempt).status == 401) {
            reachedApp++;
          }
        }
      }
      assertThat(reachedApp).as("attempts on the account that reached the password check (per-user threshold 30)").isEqualTo(30);
      assertThat(login(server, "203.0.113.99", "alice", "secret").status).as("a new source, even with the password, is held").isEqualTo(429);
      assertThat(login(server, "198.51.100.10", "alice", "secret").status).as("the real user's known source gets in at once").isEqualTo(200);
    }
  }

  private static Resp login(ServerProcess server, String client, String user, String password) {
    return Http.postForm(server, "/login", "user=" + user + "&password=" + password, "X-Forwarded-For", client);
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("targets")
  void bruteForceOnOneAccountStopsAtTheThresholdAndTheRealUserStillLogsIn(App app, Jdk jdk) throws Exception {
    Assumptions.assumeTrue(jdk.available(), jdk + " not installed");
    Path dir = ItEnv.newWorkDir(app.id + "-" + jdk.label() + "-login");
    Path audit = dir.resolve("audit.jsonl");
    Path policy = dir.resolve("vigil.yaml");
    Files.writeString(policy, POLICY.replace("${AUDIT}", audit.toString()));
    try (ServerProcess server = ServerProcess.builder(app, jdk).name("login").workDir(dir).policy(policy).start().awaitListening()) {
      int reachedApp = 0;
      Resp refused = null;
      for (int attempt = 1; attempt <= 20 && refused == null; attempt++) {
        Resp r = login(server, "198.51.100.66", "alice", "guess" + attempt);
        if (r.status == 429) {
          refused = r;
        } else {
          assertThat(r.status).as("attempt %d, wrong password, answered by the app: %s", attempt, r).isEqualTo(401);
          reachedApp++;
        }
      }
      // servlet containers send the response after the outermost filter returns, so each outcome is
      // counted before the client can try again; the JDK HttpServer sends it from inside the handler,
      // so one back-to-back attempt can slip in before the previous failure is counted
      int slack = app == App.JDK_HTTPSERVER ? 1 : 0;
      assertThat(reachedApp).as("wrong passwords that reached the app before the lockout").isBetween(5, 5 + slack);
      assertThat(refused).as("a lockout within 20 attempts").isNotNull();
      assertThat(refused.header("Retry-After")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isBetween(60, 71));
      assertThat(refused.header("X-App")).as("the app never saw the refused attempt").isEmpty();
      assertThat(login(server, "198.51.100.66", "alice", "secret").status).as("even the right password, from the locked source").isEqualTo(429);

      assertThat(login(server, "198.51.100.77", "alice", "secret").status).as("the real user from elsewhere").isEqualTo(200);

      Resp unknownAccount = null;
      for (int attempt = 1; attempt <= 6 + slack && (unknownAccount == null || unknownAccount.status != 429); attempt++) {
        unknownAccount = login(server, "198.51.100.88", "no-such-user", "guess" + attempt);
      }
      assertThat(unknownAccount.status).isEqualTo(refused.status);
      assertThat(unknownAccount.body).isEqualTo(refused.body);
      assertThat(unknownAccount.stableHeaders().keySet()).as("same headers for an unknown account").isEqualTo(refused.stableHeaders().keySet());

      new AuditLog(audit).await(e -> "198.51.100.66".equals(e.get("client")) && "user-ip".equals(e.get("rule")), Duration.ofSeconds(5));
    }
  }
}
