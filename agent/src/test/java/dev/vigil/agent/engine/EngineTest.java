package dev.vigil.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.FakeTicker;
import dev.vigil.agent.caller.ApiKeyHasher;
import dev.vigil.agent.config.InvalidPolicyException;
import dev.vigil.agent.config.Policy;
import dev.vigil.agent.config.PolicyLoader;
import dev.vigil.agent.event.CountsSnapshot;
import dev.vigil.bootstrap.AgentLog;
import dev.vigil.bootstrap.AwaitedPrincipal;
import dev.vigil.bootstrap.Decision;
import dev.vigil.bootstrap.RequestContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-01T12:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;
  private final FakeTicker ticker = new FakeTicker();
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private Engine engine;

  @BeforeEach
  void captureLog() {
    AwaitedPrincipal.await(null);
    AgentLog.redirect(new PrintStream(log, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
    AgentLog.redirect(null);
  }

  private Engine engine(String... yamlLines) throws IOException, InvalidPolicyException {
    Path file = dir.resolve("vigil.yaml");
    Files.writeString(file, String.join("\n", yamlLines) + "\n");
    return engine(PolicyLoader.load(file, new Properties()));
  }

  private Engine engine(Policy policy) {
    engine = Engine.create(policy, ticker, CLOCK, new ApiKeyHasher("test-secret".getBytes(StandardCharsets.UTF_8)));
    return engine;
  }

  private static RequestContext from(String peer) {
    return request("GET", "/x", peer, null, null, null);
  }

  private static RequestContext request(String method, String path, String peer, String xff, String apiKey, String principal) {
    return new RequestContext("test", method, path, peer, xff, apiKey, principal, "curl/8");
  }

  private List<String> auditLines() throws IOException {
    engine.close();
    return Files.readAllLines(dir.resolve("audit.jsonl"));
  }

  @Test
  void overTheLimitThrottlesWithRetryAfterAndRefillsLater() throws Exception {
    engine("rules: [{name: per-ip, rate: 1/m, burst: 2}]");
    assertThat(engine.onRequest(from("10.0.0.9"))).isSameAs(Decision.ALLOW);
    assertThat(engine.onRequest(from("10.0.0.9"))).isSameAs(Decision.ALLOW);
    Decision third = engine.onRequest(from("10.0.0.9"));
    assertThat(third.blocks()).isTrue();
    assertThat(third.status()).isEqualTo(429);
    assertThat(third.rule()).isEqualTo("per-ip");
    assertThat(third.retryAfterSeconds()).isEqualTo(60);
    ticker.advance(Duration.ofSeconds(20));
    assertThat(engine.onRequest(from("10.0.0.9")).retryAfterSeconds()).isEqualTo(40);
    assertThat(engine.onRequest(from("10.0.0.10"))).isSameAs(Decision.ALLOW);
    ticker.advance(Duration.ofSeconds(40));
    assertThat(engine.onRequest(from("10.0.0.9"))).isSameAs(Decision.ALLOW);
    CountsSnapshot summary = engine.summary();
    assertThat(summary.requests()).isEqualTo(6);
    assertThat(summary.throttled()).isEqualTo(2);
    assertThat(summary.allowed()).isEqualTo(4);
    assertThat(summary.topThrottled()).containsExactly(java.util.Map.entry("ip:10.0.0.9", 2L));
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("[vigil] throttled ip:10.0.0.9 rule=per-ip retry-after=60s (enforced)");
  }

  /**
   * An office behind one address: a page's stylesheets, scripts and images do not spend the
   * per-address budget (the built-in rules), so only the pages themselves count; an asset flood
   * still meets a limit of its own.
   */
  @Test
  void staticAssetsDoNotSpendTheBuiltInPerAddressBudget() {
    engine(Policy.builtIn());
    String office = "192.0.2.10";
    for (int page = 0; page < 90; page++) {
      assertThat(engine.onRequest(request("GET", "/shop/items/" + page, office, null, null, null))).as("page %d", page).isSameAs(Decision.ALLOW);
      for (String asset : new String[] {"/css/site.css", "/js/app.3f9a1b.js", "/img/logo.PNG", "/fonts/a.woff2", "/favicon.ico"}) {
        assertThat(engine.onRequest(request("GET", asset, office, null, null, null))).as("%s after page %d", asset, page).isSameAs(Decision.ALLOW);
      }
    }
    assertThat(engine.onRequest(request("POST", "/css/site.css", office, null, null, null))).as("a POST is no asset fetch: the 91st counted request")
        .isSameAs(Decision.ALLOW);
    for (int i = 0; i < 9; i++) {
      engine.onRequest(request("GET", "/shop/items/x", office, null, null, null));
    }
    assertThat(engine.onRequest(request("GET", "/shop/items/y", office, null, null, null)).rule()).isEqualTo("default-per-ip");
    String scraper = "192.0.2.44";
    Decision respelled = Decision.ALLOW;
    for (int i = 0; i <= 100; i++) {
      // a path parameter is not part of the path servers route: /items/7;v=.css is /items/7
      respelled = engine.onRequest(request("GET", "/items/" + i + ";v=.css", scraper, null, null, null));
    }
    assertThat(respelled.rule()).as("data dressed as an asset is counted as data").isEqualTo("default-per-ip");
    String flood = "192.0.2.66";
    Decision last = Decision.ALLOW;
    for (int i = 0; i <= 1_000; i++) {
      last = engine.onRequest(request("GET", "/img/" + i + ".png", flood, null, null, null));
    }
    assertThat(last.rule()).as("the 1,001st asset in an instant").isEqualTo("default-static-per-ip");
  }

  @Test
  void retryAfterIsAtLeastOneSecond() {
    engine(Policy.builtIn());
    for (int i = 0; i < 100; i++) {
      assertThat(engine.onRequest(from("192.0.2.1"))).isSameAs(Decision.ALLOW);
    }
    Decision throttled = engine.onRequest(from("192.0.2.1"));
    assertThat(throttled.status()).isEqualTo(429);
    assertThat(throttled.rule()).isEqualTo("default-per-ip");
    assertThat(throttled.retryAfterSeconds()).isEqualTo(1);
    ticker.advance(Duration.ofMillis(20));
    assertThat(engine.onRequest(from("192.0.2.1"))).isSameAs(Decision.ALLOW);
  }

  @Test
  void globalMonitorRecordsButAllows() throws Exception {
    engine("mode: monitor", "deny: [203.0.113.0/24]", "audit: {file: " + dir.resolve("audit.jsonl") + "}", "rules: [{name: tight, rate: 1/s, burst: 1}]");
    assertThat(engine.onRequest(from("10.0.0.1"))).isSameAs(Decision.ALLOW);
    assertThat(engine.onRequest(from("10.0.0.1"))).isSameAs(Decision.ALLOW);
    assertThat(engine.onRequest(from("203.0.113.7"))).isSameAs(Decision.ALLOW);
    CountsSnapshot summary = engine.summary();
    assertThat(summary.monitored()).isEqualTo(2);
    assertThat(summary.throttled()).isZero();
    assertThat(summary.blocked()).isZero();
    List<String> lines = auditLines();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0))
        .isEqualTo(
            "{\"ts\":\"2025-06-01T12:00:00Z\",\"action\":\"throttle\",\"enforced\":false,\"rule\":\"tight\",\"key\":\"ip:10.0.0.1\","
                + "\"client\":\"10.0.0.1\",\"method\":\"GET\",\"path\":\"/x\",\"status\":429,\"retryAfter\":1}");
    assertThat(lines.get(1)).contains("\"action\":\"block\",\"enforced\":false,\"rule\":\"deny-list\"").contains("\"status\":403");
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("throttled ip:10.0.0.1 rule=tight retry-after=1s (monitor: not enforced)");
  }

  @Test
  void denyListAnswers403AndAllowListBypasses() throws Exception {
    engine("deny: [203.0.113.0/24, '2001:db8:bad::/48']", "allow: [192.0.2.0/24]", "rules: [{name: tight, rate: 1/h, burst: 1}]");
    Decision denied = engine.onRequest(from("203.0.113.50"));
    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.rule()).isEqualTo("deny-list");
    assertThat(engine.onRequest(from("2001:db8:bad::1")).status()).isEqualTo(403);
    for (int i = 0; i < 10; i++) {
      assertThat(engine.onRequest(from("192.0.2.8"))).isSameAs(Decision.ALLOW);
    }
    assertThat(engine.summary().blocked()).isEqualTo(2);
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("blocked ip:203.0.113.50 rule=deny-list (enforced)");
  }

  @Test
  void perRuleMonitorRecordsAndTheNextRuleStillApplies() throws Exception {
    engine(
        "audit: {file: " + dir.resolve("audit.jsonl") + "}",
        "rules:",
        "  - {name: trial, rate: 1/m, burst: 1, mode: monitor}",
        "  - {name: real, rate: 1/m, burst: 2}");
    assertThat(engine.onRequest(from("10.0.0.1"))).isSameAs(Decision.ALLOW);
    assertThat(engine.onRequest(from("10.0.0.1"))).isSameAs(Decision.ALLOW);
    Decision third = engine.onRequest(from("10.0.0.1"));
    assertThat(third.rule()).isEqualTo("real");
    assertThat(engine.summary().monitored()).isEqualTo(1);
    assertThat(engine.summary().throttled()).isEqualTo(1);
    List<String> lines = auditLines();
    assertThat(lines.get(0)).contains("\"rule\":\"trial\"").contains("\"enforced\":false");
    assertThat(lines).filteredOn(line -> line.contains("\"rule\":\"real\"")).singleElement().asString().contains("\"enforced\":true");
    // the second "trial" decision came within the same second: counted into a later line, not lost
    assertThat(lines).filteredOn(line -> line.contains("\"rule\":\"trial\"")).hasSize(2);
  }

  @Test
  void rulesMatchRoutesAndMethodsAndTheFirstThrottlingRuleDecides() throws Exception {
    engine(
        "rules:",
        "  - {name: login, routes: [/login], methods: [POST], rate: 1/m, burst: 1}",
        "  - {name: api, routes: ['/api/**'], rate: 1/m, burst: 1}",
        "  - {name: all, rate: 1/m, burst: 3}");
    assertThat(engine.onRequest(request("POST", "/login", "10.0.0.1", null, null, null))).isSameAs(Decision.ALLOW);
    assertThat(engine.onRequest(request("POST", "/login/", "10.0.0.1", null, null, null)).rule()).isEqualTo("login");
    assertThat(engine.onRequest(request("GET", "/login", "10.0.0.1", null, null, null))).isSameAs(Decision.ALLOW);
    assertThat(engine.onRequest(request("GET", "/api/v1/x", "10.0.0.1", null, null, null))).isSameAs(Decision.ALLOW);
    assertThat(engine.onRequest(request("GET", "/api/v1/y", "10.0.0.1", null, null, null)).rule()).isEqualTo("api");
    assertThat(engine.onRequest(request("GET", "/other", "10.0.0.1", null, null, null)).rule()).isEqualTo("all");
  }

  @Test
  void ruleWithAbsentKeyDoesNotApply() throws Exception {
    engine(
        "apiKeyHeader: X-API-Key",
        "rules:",
        "  - {name: per-key, key: apikey, rate: 1/m, burst: 1}",
        "  - {name: per-user, key: user, rate: 1/m, burst: 1}");
    for (int i = 0; i < 5; i++) {
      assertThat(engine.onRequest(request("GET", "/", "10.0.0.1", null, null, null))).isSameAs(Decision.ALLOW);
    }
    assertThat(engine.onRequest(request("GET", "/", "10.0.0.1", null, "k1", null))).isSameAs(Decision.ALLOW);
    assertThat(engine.onRequest(request("GET", "/", "10.0.0.2", null, "k1", null)).rule()).isEqualTo("per-key");
    assertThat(engine.onRequest(request("GET", "/", "10.0.0.1", null, "k2", "alice"))).isSameAs(Decision.ALLOW);
    assertThat(engine.onRequest(request("GET", "/", "10.0.0.1", null, "k3", "alice")).rule()).isEqualTo("per-user");
  }

  @Test
  void apiKeyNeverAppearsRawInAuditOrNotices() throws Exception {
    String secretKey = "sk_live_DO_NOT_LEAK_123";
    engine("apiKeyHeader: X-API-Key", "audit: {file: " + dir.resolve("audit.jsonl") + "}", "rules: [{name: per-key, key: apikey, rate: 1/m, burst: 1}]");
    engine.onRequest(request("GET", "/", "10.0.0.1", null, secretKey, null));
    assertThat(engine.onRequest(request("GET", "/", "10.0.0.1", null, secretKey, null)).status()).isEqualTo(429);
    String audit = String.join("\n", auditLines());
    assertThat(audit).doesNotContain(secretKey).containsPattern("\"key\":\"apikey:#[0-9a-f]{12}\"");
    assertThat(log.toString(StandardCharsets.UTF_8)).doesNotContain(secretKey).containsPattern("throttled apikey:#[0-9a-f]{12} rule=per-key");
    assertThat(engine.summary().toString()).doesNotContain(secretKey);
  }

  @Test
  void subnetKeyCatchesAddressRotation() throws Exception {
    engine("rules: [{name: per-net, key: subnet, rate: 1/m, burst: 3}]");
    for (int i = 1; i <= 3; i++) {
      assertThat(engine.onRequest(from("198.51.100." + i))).isSameAs(Decision.ALLOW);
    }
    assertThat(engine.onRequest(from("198.51.100.99")).rule()).isEqualTo("per-net");
    assertThat(engine.summary().topThrottled()).containsKey("subnet:198.51.100.0/24");
  }

  @Test
  void forwardedClientFromTrustedProxyIsTheKey() throws Exception {
    engine("rules: [{name: per-ip, rate: 1/m, burst: 1}]");
    assertThat(engine.onRequest(request("GET", "/", "127.0.0.1", "198.51.100.7", null, null))).isSameAs(Decision.ALLOW);
    assertThat(engine.onRequest(request("GET", "/", "127.0.0.1", "198.51.100.8", null, null))).isSameAs(Decision.ALLOW);
    assertThat(engine.onRequest(request("GET", "/", "127.0.0.1", "198.51.100.7", null, null)).status()).isEqualTo(429);
    // an untrusted peer cannot pick its identity with a forged header
    assertThat(engine.onRequest(request("GET", "/", "203.0.113.1", "198.51.100.50", null, null))).isSameAs(Decision.ALLOW);
    assertThat(engine.onRequest(request("GET", "/", "203.0.113.1", "198.51.100.51", null, null)).status()).isEqualTo(429);
  }

  @Test
  void evictionKeepsStateBounded() throws Exception {
    engine("state: {maxKeysPerRule: 100, idleExpiry: 1m}", "rules: [{name: per-ip, rate: 10/s}]");
    for (int i = 0; i < 1_000; i++) {
      engine.onRequest(from("10.1." + (i / 256) + "." + (i % 256)));
    }
    assertThat(engine.trackedCallers()).as("maxKeysPerRule + maxThrottledKeysPerRule (100 by default here)").isLessThanOrEqualTo(200);
    ticker.advance(Duration.ofMinutes(2));
    assertThat(engine.trackedCallers()).isZero();
  }

  @Test
  void aFullTableForgetsTheFloodsOneOffCallersNotTheThrottledOnes() throws Exception {
    engine("state: {maxKeysPerRule: 50, maxThrottledKeysPerRule: 2}", "rules: [{name: per-ip, rate: 1/m, burst: 1}]");
    for (int caller = 1; caller <= 3; caller++) {
      engine.onRequest(from("198.51.100." + caller));
      assertThat(engine.onRequest(from("198.51.100." + caller)).status()).isEqualTo(429);
    }
    for (int i = 0; i < 200; i++) {
      assertThat(engine.onRequest(from("100.64." + (i / 256) + "." + (i % 256)))).isSameAs(Decision.ALLOW);
    }
    assertThat(engine.trackedCallers()).isLessThanOrEqualTo(50 + 2);
    int stillThrottled = 0;
    for (int caller = 1; caller <= 3; caller++) {
      stillThrottled += engine.onRequest(from("198.51.100." + caller)).status() == 429 ? 1 : 0;
    }
    assertThat(stillThrottled).as("every throttled caller, seen more often than any flood address").isEqualTo(3);
    assertThat(engine.summary().evictions())
        .containsEntry("rules-throttled", 0L)
        .containsEntry("lockouts", 0L)
        .containsEntry("lockouts-locked", 0L)
        .containsEntry("known-sources", 0L)
        .hasEntrySatisfying("rules", evicted -> assertThat(evicted).isEqualTo(200L - (50 + 2 - 3)));
  }

  @Test
  void blockFailuresAreCounted() {
    engine(Policy.builtIn());
    engine.onBlockFailed(from("10.0.0.1"), Decision.throttle("x", 1));
    assertThat(engine.summary().blockFailed()).isEqualTo(1);
    assertThat(engine.summary().toString()).isEqualTo("requests=0 allowed=0 throttled=0 blocked=0 monitored=0 blockFailed=1");
  }

  @Test
  void topThrottledIsLimitedToFive() throws Exception {
    engine("rules: [{name: r, rate: 1/h, burst: 1}]");
    for (int caller = 0; caller < 8; caller++) {
      for (int i = 0; i <= caller + 1; i++) {
        engine.onRequest(from("10.0.0." + caller));
      }
    }
    assertThat(engine.summary().topThrottled()).hasSize(5).containsKeys("ip:10.0.0.7", "ip:10.0.0.3").doesNotContainKey("ip:10.0.0.2");
    assertThat(engine.summary().topThrottled().values()).containsExactly(8L, 7L, 6L, 5L, 4L);
  }

  @Test
  void requestsWithoutAPeerAreNotLimitedByIp() {
    engine(Policy.builtIn());
    for (int i = 0; i < 200; i++) {
      assertThat(engine.onRequest(from(null))).isSameAs(Decision.ALLOW);
    }
  }

  @Test
  void aUserRuleWaitsForThePrincipalAFrameworkFindsFurtherIn() throws Exception {
    engine("audit: {file: " + dir.resolve("audit.jsonl") + "}", "rules: [{name: per-user, routes: [/secure/**], key: user, rate: 1/m, burst: 2}]");
    for (int i = 1; i <= 3; i++) {
      // Spring Security: no principal at the outermost filter, one at the servlet
      RequestContext facts = request("GET", "/secure/orders", "198.51.100.9", null, null, null);
      assertThat(engine.onRequest(facts).blocks()).as("outermost entry %d", i).isFalse();
      assertThat(AwaitedPrincipal.current()).as("parked for the principal").isSameAs(facts);
      AwaitedPrincipal.clear(); // what VigilHooks.onPrincipal does before asking the engine
      Decision inner = engine.onPrincipal(facts, "alice");
      if (i < 3) {
        assertThat(inner.blocks()).as("request %d within the burst", i).isFalse();
        engine.onResponse(facts, 200, null);
      } else {
        assertThat(inner.blocks()).as("the 3rd request of alice").isTrue();
        assertThat(inner.rule()).isEqualTo("per-user");
      }
    }
    assertThat(engine.onPrincipal(request("GET", "/secure/orders", "198.51.100.10", null, null, null), "bob").blocks())
        .as("another user has a bucket of his own").isFalse();
    assertThat(engine.onPrincipal(request("GET", "/public", "198.51.100.9", null, null, null), "alice").blocks())
        .as("a route the rule does not cover").isFalse();
    engine.close();
    assertThat(auditLines()).anySatisfy(l -> assertThat(l).contains("\"rule\":\"per-user\"", "\"key\":\"user:alice\""));
  }

  @Test
  void noRequestIsParkedWithoutAUserRuleOrOnceItHasAPrincipal() throws Exception {
    engine("rules: [{name: per-user, key: user, rate: 1/m, burst: 5}, {name: per-ip, rate: 1/m, burst: 5}]");
    RequestContext authenticated = request("GET", "/x", "198.51.100.11", null, null, "carol");
    engine.onRequest(authenticated);
    assertThat(AwaitedPrincipal.current()).isNull();
    engine.close();
    engine("rules: [{name: per-ip, rate: 1/m, burst: 5}]");
    engine.onRequest(from("198.51.100.12"));
    assertThat(AwaitedPrincipal.current()).isNull();
  }

  @Test
  void aUserRuleThatNeverFindsAUserSaysSoOnce() throws Exception {
    engine("rules: [{name: per-user, key: user, rate: 1/m, burst: 5}]");
    for (int i = 0; i < 2 * 1000; i++) {
      RequestContext facts = request("GET", "/x", "198.51.100.13", null, null, null);
      engine.onRequest(facts);
      engine.onResponse(facts, 200, null);
    }
    assertThat(log.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("rule 'per-user' (key: user) matched 1000 requests")))
        .hasSize(1);
  }

  @Test
  void theAuditTrailKeepsTheNormalisedPathNeverASessionId() throws Exception {
    engine("audit: {file: " + dir.resolve("audit.jsonl") + "}", "deny: [203.0.113.0/24]", "rules: [{name: tight, rate: 1/m, burst: 1}]");
    engine.onRequest(request("GET", "/cart;jsessionid=ABC123SECRET", "198.51.100.14", null, null, null));
    engine.onRequest(request("GET", "/cart;jsessionid=ABC123SECRET", "198.51.100.14", null, null, null));
    engine.onRequest(request("GET", "/a/../admin;JSESSIONID=XYZ789SECRET/", "203.0.113.9", null, null, null));
    engine.close();
    List<String> lines = auditLines();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).contains("\"path\":\"/cart\"");
    assertThat(lines.get(1)).contains("\"path\":\"/admin\"");
    assertThat(String.join("\n", lines)).doesNotContain("SECRET", "jsessionid", "JSESSIONID");
  }

  @Test
  void aRuleWhoseMethodsNoClientSendsIsAStartupWarningNamingIt() throws Exception {
    engine("rules: [{name: typo, methods: [GTE], rate: 1/m, burst: 1}, {name: fine, methods: [GET, PROPFIND], rate: 1/m, burst: 1}]");
    assertThat(log.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("WARN")))
        .containsExactly("[vigil] WARN rule 'typo' lists [GTE], which no common client sends: the rule can never apply (a typo?)");
  }
}
