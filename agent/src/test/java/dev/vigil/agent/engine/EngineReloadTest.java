package dev.vigil.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.agent.FakeTicker;
import dev.vigil.agent.caller.ApiKeyHasher;
import dev.vigil.agent.config.Mode;
import dev.vigil.agent.config.Policy;
import dev.vigil.agent.config.PolicyLoader;
import dev.vigil.agent.detect.CallerFilter;
import dev.vigil.agent.net.Cidr;
import dev.vigil.bootstrap.AgentLog;
import dev.vigil.bootstrap.Decision;
import dev.vigil.bootstrap.LoginResult;
import dev.vigil.bootstrap.RequestContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reload keeps what did not change and says what did; an operator's mode switch, unlock, ban and
 * allow act on the next request and survive reloads. Each attack on them is a test: resetting a
 * throttled caller by reloading an unrelated change, escaping a lockout through a reload, a ban
 * outliving its time.
 */
class EngineReloadTest {
  private static final String WEB = "  - {name: web, routes: [\"/x\"], rate: 1/m, burst: 2}";
  private static final String API = "  - {name: api, routes: [\"/api/**\"], rate: 1/m, burst: 3, key: apikey}";

  @TempDir Path dir;
  private final FakeTicker ticker = new FakeTicker();
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private Engine engine;

  @BeforeEach
  void captureLog() {
    AgentLog.redirect(new PrintStream(log, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void close() {
    engine.close();
    AgentLog.redirect(null);
  }

  private Policy policy(String... lines) throws Exception {
    Path file = Files.writeString(dir.resolve("vigil.yaml"), "apiKeyHeader: X-Api-Key\n" + String.join("\n", lines) + "\n");
    return PolicyLoader.load(file, new Properties());
  }

  private void start(Policy policy) {
    engine = Engine.create(policy, ticker, Clock.systemUTC(), new ApiKeyHasher("secret".getBytes(StandardCharsets.UTF_8)));
  }

  private void reload(Policy policy) {
    engine = Engine.reloaded(engine, policy);
  }

  private Decision get(String path, String client, String apiKey) {
    return engine.onRequest(new RequestContext("test", "GET", path, client, null, apiKey, null, "curl/8"));
  }

  private boolean refusedTwice(String path, String client, String apiKey) {
    return get(path, client, apiKey).blocks() && get(path, client, apiKey).blocks();
  }

  /** One failed login through the hook; true when the attempt was refused by a lockout. */
  private boolean failedLogin(String user, String client) {
    if (engine.onLoginAttempt("test", user, client, null)) {
      return true;
    }
    engine.onLoginOutcome("test", user, client, null, LoginResult.FAILURE);
    return false;
  }

  private void spend(String path, String client, String apiKey, int requests) {
    for (int i = 0; i < requests; i++) {
      assertThat(get(path, client, apiKey).blocks()).as("request %d within the burst", i).isFalse();
    }
  }

  @Test
  void reloadingAnUnchangedRuleKeepsItsCallersThrottled() throws Exception {
    start(policy("rules:", WEB, API));
    spend("/x", "198.51.100.1", null, 2);
    spend("/api/a", "198.51.100.2", "key-1", 3);
    assertThat(get("/x", "198.51.100.1", null).blocks()).isTrue();

    reload(policy("rules:", WEB, API, "  - {name: extra, routes: [\"/extra/**\"], rate: 5/s}"));

    assertThat(engine.changes().describe()).startsWith("rule extra added").contains("kept: rules web, api");
    assertThat(refusedTwice("/x", "198.51.100.1", null)).as("the web rule kept its bucket").isTrue();
    assertThat(get("/api/a", "198.51.100.3", "key-1").blocks()).as("the same API key, hashed the same after the reload").isTrue();
  }

  @Test
  void aChangedRuleStartsFreshAndSaysSoWhileTheOthersKeepTheirState() throws Exception {
    start(policy("rules:", WEB, API));
    spend("/x", "198.51.100.1", null, 2);
    spend("/api/a", "198.51.100.2", "key-1", 3);

    reload(policy("rules:", "  - {name: web, routes: [\"/x\"], rate: 1/m, burst: 4}", API));

    assertThat(engine.changes().changed()).containsExactly("rule web changed (starts fresh)");
    assertThat(engine.changes().kept()).contains("rule api", "login lockouts");
    spend("/x", "198.51.100.1", null, 4);
    assertThat(get("/x", "198.51.100.1", null).blocks()).isTrue();
    assertThat(get("/api/a", "198.51.100.2", "key-1").blocks()).isTrue();
  }

  @Test
  void aLockedOutSourceStaysLockedThroughAReloadOfAnythingButTheLockoutSettings() throws Exception {
    start(policy("rules: []"));
    for (int i = 0; i < 5; i++) {
      failedLogin("alice", "203.0.113.9");
    }
    assertThat(failedLogin("alice", "203.0.113.9")).isTrue();

    reload(policy("rules: []", "deny: [192.0.2.0/24]", "detectors: {scan: {action: monitor}}"));
    assertThat(failedLogin("alice", "203.0.113.9")).as("still locked after the reload").isTrue();
    assertThat(engine.changes().describe()).contains("deny changed", "detectors.scan changed (starts fresh)", "kept: login lockouts");

    reload(policy("rules: []", "login: {userIp: {threshold: 8}}"));
    assertThat(engine.changes().describe()).contains("login lockout settings changed (lockouts start fresh)");
    assertThat(failedLogin("alice", "203.0.113.9")).as("a changed lockout setting starts fresh, and said so").isFalse();
  }

  @Test
  void switchingToEnforceActsOnWhatMonitorModeCounted() throws Exception {
    start(policy("mode: monitor", "rules:", WEB));
    for (int i = 0; i < 5; i++) {
      assertThat(get("/x", "198.51.100.1", null).blocks()).as("monitored").isFalse();
    }
    assertThat(engine.switchMode(Mode.ENFORCE)).isEqualTo(Mode.MONITOR);
    assertThat(get("/x", "198.51.100.1", null).blocks()).as("the bucket monitor mode emptied is enforced").isTrue();

    reload(policy("mode: monitor", "rules:", WEB, "allow: [192.0.2.1]"));
    assertThat(engine.mode()).as("the file's mode did not change: the operator's switch holds").isEqualTo(Mode.ENFORCE);
    reload(policy("mode: enforce", "rules:", WEB));
    reload(policy("mode: monitor", "rules:", WEB));
    assertThat(engine.changes().changed()).contains("mode enforce -> monitor");
    assertThat(engine.mode()).isEqualTo(Mode.MONITOR);
    assertThat(get("/x", "198.51.100.1", null).blocks()).isFalse();
  }

  @Test
  void anUnlockOfAnAddressClearsEveryScopeThatHoldsIt() throws Exception {
    start(policy("rules:", WEB));
    for (int i = 0; i < 20; i++) {
      failedLogin("user" + (i % 4), "203.0.113.9");
    }
    spend("/x", "203.0.113.9", null, 2);
    assertThat(failedLogin("someone", "203.0.113.9")).isTrue();
    assertThat(get("/x", "203.0.113.9", null).blocks()).isTrue();

    Map<String, Integer> forgotten = engine.unlock(CallerFilter.network(Cidr.parse("203.0.113.9")));

    assertThat(forgotten).containsKeys("ip", "user-ip", "subnet", "rule web", "account-takeover");
    assertThat(engine.unlock(CallerFilter.network(Cidr.parse("203.0.113.9")))).as("nothing left to clear").isEmpty();
    assertThat(failedLogin("someone", "203.0.113.9")).isFalse();
    assertThat(get("/x", "203.0.113.9", null).blocks()).isFalse();
  }

  @Test
  void anUnlockOfAUserClearsTheirLockoutsFromEveryAddressButNotTheAttackersAddress() throws Exception {
    start(policy("rules: []"));
    for (int i = 0; i < 30; i++) {
      failedLogin("alice", "198.51.100." + (10 + i));
    }
    assertThat(failedLogin("alice", "192.0.2.50")).as("the user lockout holds alice everywhere").isTrue();

    Map<String, Integer> forgotten = engine.unlock(CallerFilter.user("alice"));

    assertThat(forgotten).containsKey("user");
    assertThat(failedLogin("alice", "192.0.2.50")).isFalse();
  }

  @Test
  void anUnlockOfASubnetClearsItsAddressesAndTheNetworksThatHoldIt() throws Exception {
    start(policy("rules:", "  - {name: per-subnet, rate: 1/m, burst: 1, key: subnet}"));
    get("/x", "203.0.113.9", null);
    assertThat(get("/x", "203.0.113.10", null).blocks()).isTrue();
    assertThat(engine.unlock(CallerFilter.network(Cidr.parse("203.0.113.0/25")))).containsEntry("rule per-subnet", 1);
    assertThat(get("/x", "203.0.113.10", null).blocks()).isFalse();
  }

  @Test
  void aBanRefusesUntilItEndsTheMostSpecificAllowWinsAndBothSurviveAReload() throws Exception {
    start(policy("rules: []"));
    engine.operatorLists().set(Cidr.parse("198.51.100.0/24"), true, Duration.ofMinutes(10));
    engine.operatorLists().set(Cidr.parse("198.51.100.7"), false, Duration.ofMinutes(5));

    assertThat(get("/x", "198.51.100.1", null).rule()).isEqualTo("operator-ban");
    assertThat(get("/x", "198.51.100.1", null).status()).isEqualTo(403);
    assertThat(get("/x", "198.51.100.7", null).blocks()).as("the allowed partner inside the banned /24").isFalse();

    reload(policy("rules: []", "deny: [192.0.2.0/24]"));
    assertThat(get("/x", "198.51.100.1", null).blocks()).as("the ban outlives the reload").isTrue();

    ticker.advance(Duration.ofMinutes(10).plusSeconds(1));
    assertThat(get("/x", "198.51.100.1", null).blocks()).as("the ban ended on time").isFalse();
    assertThat(engine.operatorLists().active()).isEmpty();
  }

  @Test
  void aBanInMonitorModeIsRecordedNotApplied() throws Exception {
    start(policy("mode: monitor", "rules: []"));
    engine.operatorLists().set(Cidr.parse("198.51.100.0/24"), true, Duration.ofMinutes(10));
    assertThat(get("/x", "198.51.100.1", null).blocks()).isFalse();
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("operator-ban");
  }

  @Test
  void operatorListsRefuseWhatCouldNeverEnd() throws Exception {
    start(policy("rules: []"));
    OperatorLists lists = engine.operatorLists();
    assertThatThrownBy(() -> lists.set(Cidr.parse("192.0.2.1"), true, Duration.ZERO)).hasMessageContaining("from 1s to 365d");
    assertThatThrownBy(() -> lists.set(Cidr.parse("192.0.2.1"), true, Duration.ofDays(366))).hasMessageContaining("from 1s to 365d");
    for (int i = 0; i < OperatorLists.MAX_ENTRIES; i++) {
      lists.set(Cidr.parse("10." + (i / 256) + "." + (i % 256) + ".1"), true, Duration.ofMinutes(1));
    }
    assertThatThrownBy(() -> lists.set(Cidr.parse("192.0.2.1"), true, Duration.ofMinutes(1))).hasMessageContaining("at most 1000");
  }

  /** Reloads that change nothing about logins must not rebuild the login detector, nor tell the operator to restart. */
  @Test
  void aReloadOfAnUnrelatedChangeKeepsLoginMethodsWithAGetterChain() throws Exception {
    String methods = String.join("\n",
        "login:",
        "  methods:",
        "    - {class: com.example.Accounts, method: signIn, username: arg0.getCredentials.username, success: returns-true}");
    start(policy("rules:", WEB, methods));

    reload(policy("rules:", WEB, methods, "deny: [192.0.2.0/24]"));

    assertThat(engine.changes().changed()).containsExactly("deny changed");
  }

  /**
   * An authentication hook's check holds places in the login guard until its outcome; when a reload
   * replaces the login detector (a changed login route) between the two, the outcome must still give
   * the place back, or the caller is locked out one attempt early (a held place counts like a failure).
   */
  @Test
  void aHookAttemptInFlightAcrossAReloadGivesItsPlaceBack() throws Exception {
    start(policy("rules: []", "login: {routes: [{path: /login}]}"));
    assertThat(engine.onLoginAttempt("test", "alice", "203.0.113.9", null)).isFalse();

    reload(policy("rules: []", "login: {routes: [{path: /signin}]}"));
    assertThat(engine.changes().kept()).contains("login lockouts");
    engine.onLoginOutcome("test", "alice", "203.0.113.9", null, LoginResult.FAILURE);

    for (int i = 0; i < 3; i++) {
      assertThat(failedLogin("alice", "203.0.113.9")).as("failure %d of 4", i + 2).isFalse();
    }
    assertThat(failedLogin("alice", "203.0.113.9")).as("4 failures, threshold 5: the fifth attempt may try").isFalse();
  }

  /**
   * Monitor mode records what would be refused and refuses nothing: everything else still counts.
   * A monitored operator ban (or deny entry) must not pass the client past the rules, or what the
   * monitored rollout counted is not what enforcement acts on.
   */
  @Test
  void aMonitoredBanDoesNotHideTheClientFromTheRules() throws Exception {
    start(policy("mode: monitor", "rules:", WEB));
    engine.operatorLists().set(Cidr.parse("198.51.100.0/24"), true, Duration.ofMinutes(10));
    for (int i = 0; i < 5; i++) {
      assertThat(get("/x", "198.51.100.1", null).blocks()).as("monitored").isFalse();
    }
    assertThat(engine.summary().decisions()).as("the web rule saw the three requests past its burst")
        .anySatisfy(d -> assertThat(d.rule + " " + d.count).isEqualTo("web 3"));

    engine.operatorLists().lift(Cidr.parse("198.51.100.0/24"));
    engine.switchMode(Mode.ENFORCE);
    assertThat(get("/x", "198.51.100.1", null).blocks()).as("the bucket monitor mode emptied is enforced").isTrue();
  }

  /**
   * Once a hook has run, the app's 401s are the framework's to count; a reload that rebuilds the login
   * detector (a changed route) must not forget it and count each 401 carrying a password a second time.
   */
  @Test
  void aReloadThatRebuildsTheLoginDetectorRemembersThatHooksCount() throws Exception {
    start(policy("rules: []", "login: {routes: [{path: /login}]}"));
    failedLogin("bob", "192.0.2.1"); // a hook ran in this process
    reload(policy("rules: []", "login: {routes: [{path: /signin}]}"));

    String basic = "Basic " + java.util.Base64.getEncoder().encodeToString("alice:guess".getBytes(StandardCharsets.UTF_8));
    dev.vigil.bootstrap.RequestReader reader = new dev.vigil.bootstrap.RequestReader() {
      @Override
      public String header(Object request, String name) {
        return name.equals("Authorization") ? basic : null;
      }

      @Override
      public String formParameter(Object request, String name) {
        return null;
      }
    };
    for (int i = 0; i < 8; i++) {
      RequestContext request = new RequestContext("test", "GET", "/api/account", "203.0.113.7", null, null, null, "curl/8", reader, null);
      assertThat(engine.onRequest(request).blocks()).as("request %d: the framework's hook judges this password, not a count of 401s", i).isFalse();
      engine.onResponse(request, 401, null);
    }
  }

  private static RequestContext loginForm(String client) {
    dev.vigil.bootstrap.RequestReader form = new dev.vigil.bootstrap.RequestReader() {
      @Override
      public String header(Object request, String name) {
        return null;
      }

      @Override
      public String formParameter(Object request, String name) {
        return name.equals("user") ? "alice" : null;
      }
    };
    return new RequestContext("test", "POST", "/login", client, null, null, null, "curl/8", form, null);
  }

  /**
   * A login route's attempt holds places in the guard of the engine it entered; when a reload
   * replaces the guard (a changed lockout setting) before it ends, its outcome must not give back
   * places in the new guard that it never took: that frees a racing attempt's place, and more
   * attempts reach the password check at once than the threshold lets through.
   */
  /** The engine's answer to {@code request} entering on a thread of its own, as concurrent requests do (a thread's next request ends its last). */
  private Decision enter(RequestContext request) throws Exception {
    Decision[] decision = new Decision[1];
    Thread thread = new Thread(() -> decision[0] = engine.onRequest(request));
    thread.start();
    thread.join();
    return decision[0];
  }

  @Test
  void anAttemptFromTheGuardBeforeAReloadGivesNothingBackInTheNewOne() throws Exception {
    start(policy("rules: []", "login: {routes: [{path: /login, usernameParameter: user}]}"));
    RequestContext before = loginForm("203.0.113.9");
    assertThat(enter(before).blocks()).isFalse();

    reload(policy("rules: []", "login: {routes: [{path: /login, usernameParameter: user}], ip: {threshold: 1}}"));
    assertThat(engine.changes().describe()).contains("lockouts start fresh");
    assertThat(enter(loginForm("203.0.113.9")).blocks()).as("the one attempt the new threshold lets through").isFalse();
    assertThat(enter(loginForm("203.0.113.9")).blocks()).as("a second one while it is in flight").isTrue();

    engine.onResponse(before, 200, null); // the attempt from before the reload ends (a success)
    assertThat(enter(loginForm("203.0.113.9")).blocks()).as("still one in flight: the racing attempt's place is its own").isTrue();
  }

  /** A change to the device cookies makes every device new (a fresh secret): the operator is told so, not "routes or mode". */
  @Test
  void aDeviceCookieChangeIsSaidForWhatItDoes() throws Exception {
    start(policy("rules: []", "login: {deviceCookies: {enabled: true}}"));
    reload(policy("rules: []", "login: {deviceCookies: {enabled: true, maxAge: 7d}}"));
    assertThat(engine.changes().changed()).containsExactly("login.deviceCookies changed (every device is new: known-device cookies issued so far no longer vouch)");
  }

  /**
   * An operator's allow says "past every rule, lockout and detector": a partner's address that an
   * operator allowed during an incident must not be locked out by the login hooks (Spring Security,
   * a realm) inside its own requests. NOT FIXED: the hook path never asks the lists.
   */
  @Test
  void anAllowedAddressIsNotLockedOutByTheLoginHooks() throws Exception {
    start(policy("rules: []"));
    engine.operatorLists().set(Cidr.parse("203.0.113.9"), false, Duration.ofHours(1));
    for (int i = 0; i < 10; i++) {
      RequestContext request = new RequestContext("test", "POST", "/login", "203.0.113.9", null, null, null, "curl/8");
      assertThat(engine.onRequest(request).blocks()).isFalse();
      assertThat(failedLogin("alice", "203.0.113.9")).as("attempt %d from the allowed address", i + 1).isFalse();
      engine.onResponse(request, 401, null);
    }
  }

  @Test
  void theLoginHooksPassAClientThePolicysAllowListHolds() throws Exception {
    start(policy("rules: []", "allow: [203.0.113.0/24]"));
    for (int i = 0; i < 10; i++) {
      RequestContext request = new RequestContext("test", "POST", "/login", "203.0.113.9", null, null, null, "curl/8");
      assertThat(engine.onRequest(request).blocks()).isFalse();
      assertThat(failedLogin("alice", "203.0.113.9")).as("attempt %d from the allowed network", i + 1).isFalse();
      engine.onResponse(request, 401, null);
    }
  }
}
