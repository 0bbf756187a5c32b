package dev.vigil.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.FakeTicker;
import dev.vigil.agent.caller.ApiKeyHasher;
import dev.vigil.agent.config.PolicyLoader;
import dev.vigil.bootstrap.Decision;
import dev.vigil.bootstrap.LoginResult;
import dev.vigil.bootstrap.RequestContext;
import dev.vigil.bootstrap.RequestReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Login routes: attempts are read off the login form's request and the app's response. */
class LoginRouteEngineTest {
  @TempDir Path dir;
  private final FakeTicker ticker = new FakeTicker();
  private Engine engine;

  /** A server's request as its reader shows it to the agent: form parameters, no headers. */
  public interface FormRequest extends RequestReader {
    String getParameter(String name);

    @Override
    default String header(Object request, String name) {
      return null;
    }

    @Override
    default String formParameter(Object request, String name) {
      return getParameter(name);
    }
  }

  private static FormRequest form(Map<String, String> fields) {
    return fields::get;
  }

  @AfterEach
  void close() {
    engine.close();
  }

  private void engine(String... yaml) throws Exception {
    Path file = dir.resolve("vigil.yaml");
    Files.writeString(file, String.join("\n", yaml) + "\n");
    engine = Engine.create(PolicyLoader.load(file, new Properties()), ticker, Clock.systemUTC(), new ApiKeyHasher("k".getBytes(StandardCharsets.UTF_8)));
  }

  /** One POST /login the way the advice drives the engine; returns the agent's decision. */
  private Decision login(String ip, String user, int appStatus, String location) {
    RequestContext facts = new RequestContext("test", "POST", "/login", ip, null, null, null, "curl/8", form(Map.of("user", user)), null);
    Decision decision = engine.onRequest(facts);
    if (!decision.blocks()) {
      engine.onResponse(facts, appStatus, location);
    }
    return decision;
  }

  /** One POST /login seen by the route and, inside the request, by a framework's hook (Spring's manager). */
  private boolean loginWithHook(String ip, String user, int appStatus) {
    RequestContext facts = new RequestContext("test", "POST", "/login", ip, null, null, null, "curl/8", form(Map.of("user", user)), null);
    if (engine.onRequest(facts).blocks()) {
      return false;
    }
    boolean locked = engine.onLoginAttempt("spring", user, null, null);
    if (!locked) {
      engine.onLoginOutcome("spring", user, null, null, appStatus == 200 ? LoginResult.SUCCESS : LoginResult.FAILURE);
    }
    engine.onResponse(facts, locked ? 401 : appStatus, null);
    return !locked;
  }

  @Test
  void bruteForceThroughALoginFormAloneIsRefusedByItsSourceBeforeTheApp() throws Exception {
    engine("rules: []", "login:", "  routes:", "    - { path: /login, usernameParameter: user }");
    for (int i = 1; i <= 20; i++) {
      assertThat(login("203.0.113.5", "alice", 401, null).blocks()).as("attempt %d reaches the app", i).isFalse();
    }
    Decision refused = login("203.0.113.5", "alice", 200, null);
    assertThat(refused.blocks()).isTrue();
    assertThat(refused.status()).isEqualTo(429);
    // the form is read once the app has answered: the address scopes refuse (20 failures lock the
    // address, and 20 of 20 failed trips the failure ratio too; the longer lockout is reported)
    assertThat(refused.rule()).isIn("ip", "stuffing-ip");
    assertThat(refused.retryAfterSeconds()).isBetween(600L, 661L);
    assertThat(login("203.0.113.6", "alice", 200, null).blocks()).as("the real user elsewhere").isFalse();

    ticker.advance(Duration.ofSeconds(662));
    assertThat(login("203.0.113.5", "alice", 200, null).blocks()).as("after the lockout").isFalse();
  }

  @Test
  void withAHookTheUsernameLockoutRefusesBeforeThePasswordCheckAfterFiveFailures() throws Exception {
    engine("rules: []", "login:", "  routes:", "    - { path: /login, usernameParameter: user }");
    for (int i = 1; i <= 5; i++) {
      assertThat(loginWithHook("203.0.113.5", "alice", 401)).as("attempt %d reaches the password check", i).isTrue();
    }
    assertThat(loginWithHook("203.0.113.5", "alice", 200)).as("the 6th, even with the password").isFalse();
    assertThat(loginWithHook("203.0.113.6", "alice", 200)).as("the real user elsewhere").isTrue();
    ticker.advance(Duration.ofSeconds(72));
    assertThat(loginWithHook("203.0.113.5", "alice", 200)).as("after the lockout").isTrue();
  }

  @Test
  void aRedirectToTheErrorPageCountsAsAFailureAndASuccessResetsTheCount() throws Exception {
    engine(
        "rules: []",
        "login:",
        "  routes:",
        "    - { path: /login, usernameParameter: user, failureRedirect: '/login?error' }");
    for (int i = 0; i < 10; i++) {
      login("203.0.113.7", "bob", 302, "http://shop.example/login?error");
    }
    for (int i = 0; i < 10; i++) {
      assertThat(login("203.0.113.7", "bob", 302, "http://shop.example/home").blocks()).as("a redirect elsewhere is a success").isFalse();
    }
    for (int i = 0; i < 10; i++) {
      assertThat(login("203.0.113.7", "bob", 302, "/login?error").blocks()).as("failure %d", 11 + i).isFalse();
    }
    assertThat(login("203.0.113.7", "bob", 302, "/home").blocks()).as("20 failures").isTrue();
  }

  @Test
  void monitorModeRecordsALockoutButLetsTheAttemptThrough() throws Exception {
    engine("rules: []", "login:", "  mode: monitor", "  routes:", "    - { path: /login, usernameParameter: user }");
    for (int i = 0; i < 20; i++) {
      login("203.0.113.8", "carol", 401, null);
    }
    assertThat(login("203.0.113.8", "carol", 401, null).blocks()).isFalse();
    assertThat(engine.summary().monitored()).isEqualTo(1);
  }

  @Test
  void anAuthenticationHookIsLockedOutBeforeThePasswordCheckWithNoRouteConfigured() throws Exception {
    engine("rules: []");
    for (int i = 1; i <= 5; i++) {
      assertThat(engine.onLoginAttempt("tomcat-realm", "dave", "203.0.113.20", null)).as("attempt %d", i).isFalse();
      engine.onLoginOutcome("tomcat-realm", "dave", "203.0.113.20", null, LoginResult.FAILURE);
    }
    assertThat(engine.onLoginAttempt("tomcat-realm", "dave", "203.0.113.20", null)).as("6th: fail it unchecked").isTrue();
    assertThat(engine.onLoginAttempt("tomcat-realm", "dave", "203.0.113.21", null)).as("another source").isFalse();
    assertThat(engine.summary().throttled()).isEqualTo(1);
  }

  @Test
  void anAttemptSeenByBothALoginRouteAndAHookIsCountedOnce() throws Exception {
    engine("rules: []", "login:", "  routes:", "    - { path: /login, usernameParameter: user }");
    for (int i = 0; i < 3; i++) {
      RequestContext facts = new RequestContext("test", "POST", "/login", "203.0.113.30", null, null, null, null, form(Map.of("user", "erin")), null);
      assertThat(engine.onRequest(facts).blocks()).isFalse();
      // the framework's authentication runs inside the request and reports through its hook
      assertThat(engine.onLoginAttempt("spring", "erin", null, null)).isFalse();
      engine.onLoginOutcome("spring", "erin", null, null, LoginResult.FAILURE);
      engine.onResponse(facts, 401, null);
    }
    // 3 attempts counted once each: two more failures are still allowed before the threshold of 5
    assertThat(loginWithHook("203.0.113.30", "erin", 401)).isTrue();
    assertThat(loginWithHook("203.0.113.30", "erin", 401)).isTrue();
    assertThat(loginWithHook("203.0.113.30", "erin", 401)).isFalse();
  }

  @Test
  void theFormIsReadOnlyOnceTheAppHasAnswered() throws Exception {
    engine("rules: []", "login:", "  routes:", "    - { path: /login, usernameParameter: user }");
    List<String> reads = new java.util.ArrayList<>();
    FormRequest watched = name -> {
      reads.add(name);
      return "jürgen";
    };
    RequestContext facts = new RequestContext("test", "POST", "/login", "203.0.113.50", null, null, null, "curl/8", watched, null);
    assertThat(engine.onRequest(facts).blocks()).isFalse();
    assertThat(reads).as("reading the form on the way in would fix its encoding before the app's own filter runs").isEmpty();
    engine.onResponse(facts, 401, null);
    assertThat(reads).as("read once the app has answered, to count the failure under the username").containsExactly("user");
  }

  @Test
  void aHookInsideARouteWhoseFormCannotBeReadIsCountedOnce() throws Exception {
    // the JDK HttpServer: no form parameters for the route, the app's login method reports the name
    engine("rules: []", "login:", "  routes:", "    - { path: /login, usernameParameter: user }");
    for (int i = 1; i <= 6; i++) {
      RequestContext facts = new RequestContext("test", "POST", "/login", "203.0.113.60", null, null, null, null, null, null);
      assertThat(engine.onRequest(facts).blocks()).isFalse();
      boolean held = engine.onLoginAttempt("auth:signIn", "alice", null, null);
      assertThat(held).as("attempt %d", i).isEqualTo(i == 6);
      if (!held) {
        engine.onLoginOutcome("auth:signIn", "alice", null, null, LoginResult.FAILURE);
      }
      engine.onResponse(facts, 401, null);
    }
    // 5 failures counted toward the address, not 10 (nor 11 with the held one)
    for (int i = 6; i <= 20; i++) {
      assertThat(login("203.0.113.60", "bob" + (i % 2), 401, null).blocks()).as("route failure %d", i).isFalse();
    }
    assertThat(login("203.0.113.60", "bob", 401, null).blocks()).as("the address's 20 failures").isTrue();
  }

  @Test
  void otherRequestsAndUnreadableFormsAreUntouched() throws Exception {
    engine("rules: []", "login:", "  routes:", "    - { path: /login, usernameParameter: user }");
    RequestContext get = new RequestContext("test", "GET", "/login", "203.0.113.9", null, null, null, null, null, null);
    for (int i = 0; i < 10; i++) {
      assertThat(engine.onRequest(get).blocks()).isFalse();
      engine.onResponse(get, 200, null);
    }
  }

  @Test
  void failedLoginsAreAuditedWithHowTheyFailedAndNeverTheUsername() throws Exception {
    Path audit = dir.resolve("audit.jsonl");
    engine("rules: []", "audit: { file: " + audit + " }");
    engine.onLoginOutcome("jaas", "mallory", "203.0.113.40", null, LoginResult.UNKNOWN_USER);
    engine.onLoginOutcome("jaas", "alice", "203.0.113.41", null, LoginResult.FAILURE);
    engine.onLoginOutcome("jaas", "alice", "203.0.113.42", null, LoginResult.SUCCESS);
    engine.onLoginOutcome("jaas", "alice", "203.0.113.43", null, LoginResult.NOT_COUNTED);
    engine.close();
    List<String> lines = Files.readAllLines(audit);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0))
        .contains("\"action\":\"login-failure\",\"outcome\":\"unknown-user\",\"key\":\"ip:203.0.113.40\"")
        .contains("\"path\":\"auth:jaas\"")
        .doesNotContain("mallory", "status", "enforced");
    assertThat(lines.get(1)).contains("\"outcome\":\"failure\"", "203.0.113.41").doesNotContain("alice");
  }

  @Test
  void anUnknownUserCountsTowardsTheLockoutLikeAWrongPassword() throws Exception {
    engine("rules: []");
    for (int i = 1; i <= 5; i++) {
      assertThat(engine.onLoginAttempt("jaas", "nobody", "203.0.113.44", null)).as("attempt %d", i).isFalse();
      engine.onLoginOutcome("jaas", "nobody", "203.0.113.44", null, LoginResult.UNKNOWN_USER);
    }
    assertThat(engine.onLoginAttempt("jaas", "nobody", "203.0.113.44", null)).isTrue();
  }
}
