package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.it.harness.App;
import dev.vigil.it.harness.AuditLog;
import dev.vigil.it.harness.Burst;
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
 * A login route: any framework's login form, watched from the outside. Its form is read only once the
 * app has answered (reading it earlier could change how the app decodes it), so on the way in an
 * attempt is judged by its source: brute force and stuffing from one address are refused before the
 * password is checked once the address's thresholds are reached, the real user from elsewhere still
 * gets in, and the agent answers the same for known and unknown accounts. The username's own lockouts
 * refuse before the check where a hook sees the username: here {@code login.methods}.
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
      "    - { path: /account/sign-in, usernameParameter: username }",
      "  methods:",
      "    - { class: com.example.app.support.AccountService, method: signIn, username: arg0, success: returns-true }",
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
    Path dir = ItEnv.newWorkDir(app.id + "-" + jdk.label() + "-login-50");
    Path policy = dir.resolve("vigil.yaml");
    Files.writeString(policy, POLICY.replace("${AUDIT}", dir.resolve("audit.jsonl").toString()));
    try (ServerProcess server = ServerProcess.builder(app, jdk).name("login-50").workDir(dir).policy(policy).start().awaitListening()) {
      // the route /account/sign-in and its login method see one attempt: counted once, the username
      // known to the method before its password check
      assertThat(signIn(server, "198.51.100.10", "alice", "secret").status).as("the real user, earlier, from home").isEqualTo(200);

      int checksBefore = passwordChecks(server);
      for (int source = 1; source <= 50; source++) {
        for (int attempt = 1; attempt <= 3; attempt++) {
          // each address stays under the per-address thresholds; together they hammer one account;
          // a held attempt fails the method's own way (false: the app's 401), unchecked
          assertThat(signIn(server, "203.0.113." + source, "alice", "guess" + attempt).status).isEqualTo(401);
        }
      }
      assertThat(passwordChecks(server) - checksBefore).as("attempts on the account that reached the password check (per-user threshold 30)").isEqualTo(30);
      assertThat(signIn(server, "203.0.113.99", "alice", "secret").status).as("a new source, even with the password, is held").isEqualTo(401);
      assertThat(passwordChecks(server) - checksBefore).as("... without its password being checked").isEqualTo(30);
      assertThat(signIn(server, "198.51.100.10", "alice", "secret").status).as("the real user's known source gets in at once").isEqualTo(200);
    }
  }

  private static Resp signIn(ServerProcess server, String client, String user, String password) {
    return Http.postForm(server, "/account/sign-in", "username=" + user + "&password=" + password, "X-Forwarded-For", client);
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
      for (int attempt = 1; attempt <= 30 && refused == null; attempt++) {
        Resp r = login(server, "198.51.100.66", "alice", "guess" + attempt);
        if (r.status == 429) {
          refused = r;
        } else {
          assertThat(r.status).as("attempt %d, wrong password, answered by the app: %s", attempt, r).isEqualTo(401);
          reachedApp++;
        }
      }
      // the route judges by source on the way in: the address's threshold (20) refuses. The JDK HttpServer
      // sends the 401 before its exit settles the attempt's place, so the next one may find it still held: one fewer
      int early = app == App.JDK_HTTPSERVER ? 1 : 0;
      assertThat(reachedApp).as("wrong passwords that reached the app before the lockout").isBetween(20 - early, 20);
      assertThat(refused).as("a lockout within 30 attempts").isNotNull();
      int retryAfter = Integer.parseInt(refused.header("Retry-After").orElseThrow());
      // the JDK HttpServer sends its answer from inside the handler, before the outcome is counted: the
      // next attempt may find the 20th still in flight, and is refused for the second it takes to decide
      if (app != App.JDK_HTTPSERVER || retryAfter != 1) {
        assertThat(retryAfter).as("the lockout's Retry-After").isBetween(600, 661);
      }
      assertThat(refused.header("X-App")).as("the app never saw the refused attempt").isEmpty();
      assertThat(login(server, "198.51.100.66", "alice", "secret").status).as("even the right password, from the locked source").isEqualTo(429);

      assertThat(login(server, "198.51.100.77", "alice", "secret").status).as("the real user from elsewhere").isEqualTo(200);

      Resp unknownAccount = null;
      for (int attempt = 1; attempt <= 21 && (unknownAccount == null || unknownAccount.status != 429); attempt++) {
        unknownAccount = login(server, "198.51.100.88", "no-such-user", "guess" + attempt);
      }
      assertThat(unknownAccount.status).isEqualTo(refused.status);
      assertThat(unknownAccount.body).isEqualTo(refused.body);
      assertThat(unknownAccount.stableHeaders().keySet()).as("same headers for an unknown account").isEqualTo(refused.stableHeaders().keySet());

      new AuditLog(audit).await(e -> "198.51.100.66".equals(e.get("client")) && String.valueOf(e.get("rule")).matches("ip|stuffing-ip"), Duration.ofSeconds(5));
    }
  }

  private static int passwordChecks(ServerProcess server) {
    Resp r = Http.get(server, "/realm-calls");
    assertThat(r.status).as("GET /realm-calls: %s", r).isEqualTo(200);
    return Integer.parseInt(r.body.trim());
  }

  private ServerProcess start(App app, Jdk jdk, String name, String passwordCheckMillis) throws Exception {
    Assumptions.assumeTrue(jdk.available(), jdk + " not installed");
    Path dir = ItEnv.newWorkDir(app.id + "-" + jdk.label() + "-" + name);
    Path policy = dir.resolve("vigil.yaml");
    Files.writeString(policy, POLICY.replace("${AUDIT}", dir.resolve("audit.jsonl").toString()));
    return ServerProcess.builder(app, jdk).name(name).workDir(dir).policy(policy)
        .sysProp("it.passwordCheckMillis", passwordCheckMillis).start().awaitListening();
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("targets")
  void stuffingTwoHundredAccountsFromOneAddressStopsAtTheDistinctUsernameThreshold(App app, Jdk jdk) throws Exception {
    try (ServerProcess server = start(app, jdk, "login-stuffing", "0")) {
      int reachedApp = 0;
      int firstRefused = -1;
      for (int i = 0; i < 200; i++) {
        Resp r = login(server, "203.0.113.50", "victim" + i, "Winter2024!");
        if (r.status == 429) {
          firstRefused = firstRefused < 0 ? i : firstRefused;
        } else {
          assertThat(r.status).as("account %d, answered by the app: %s", i, r).isEqualTo(401);
          assertThat(firstRefused).as("account %d reached the app after a refusal", i).isNegative();
          reachedApp++;
        }
      }
      // servlet servers read the username off the form once the app has answered: 10 distinct failed
      // names lock the address (stuffing-ip); the JDK HttpServer has no form parameters, so the address
      // threshold (20) and the failure ratio (20 of 20 failed) stop it
      int expected = app == App.JDK_HTTPSERVER ? 20 : 10;
      assertThat(reachedApp).as("accounts tried that reached the password check").isEqualTo(expected);
      assertThat(passwordChecks(server)).isEqualTo(expected);
      assertThat(login(server, "203.0.113.50", "alice", "secret").status).as("even the right password, from the stuffing source").isEqualTo(429);
      assertThat(passwordChecks(server)).as("later usernames never reach the check").isEqualTo(expected);
      assertThat(login(server, "198.51.100.120", "alice", "secret").status).as("alice from another address").isEqualTo(200);
      System.out.printf("[measured] %s on %s: 200-account stuffing through a login route, %d checks%n", app, jdk, reachedApp);
    }
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("targets")
  void aBurstOfConcurrentWrongPasswordsReachesThePasswordCheckExactlyThresholdTimes(App app, Jdk jdk) throws Exception {
    // a slow password check (like a real hash) keeps the burst's attempts in flight together
    try (ServerProcess server = start(app, jdk, "login-burst", "200")) {
      List<Resp> burst = Burst.send(30, i -> login(server, "198.51.100.66", "alice", "burst" + i));
      long reachedApp = burst.stream().filter(r -> r.status == 401).count();
      assertThat(burst).allSatisfy(r -> assertThat(r.status).as("%s", r).isIn(401, 429));
      assertThat(reachedApp).as("concurrent wrong passwords answered by the app (address threshold 20)").isEqualTo(20);
      assertThat(passwordChecks(server)).isEqualTo(20);
      assertThat(login(server, "198.51.100.66", "alice", "secret").status).as("locked once the burst is decided").isEqualTo(429);
      assertThat(login(server, "198.51.100.77", "alice", "secret").status).as("the real user from elsewhere").isEqualTo(200);
      System.out.printf("[measured] %s on %s: burst of 20 concurrent wrong passwords, %d checks%n", app, jdk, reachedApp);
    }
  }
}
