package dev.vigil.agent.detect.enumerate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.FakeTicker;
import dev.vigil.agent.config.DetectorSettings;
import dev.vigil.agent.config.EnumerationLimits;
import dev.vigil.agent.config.Mode;
import dev.vigil.agent.config.Policy;
import dev.vigil.agent.config.ScanLimits;
import dev.vigil.agent.config.UnderAttackLimits;
import dev.vigil.agent.engine.Engine;
import dev.vigil.bootstrap.AgentLog;
import dev.vigil.bootstrap.Decision;
import dev.vigil.bootstrap.RequestContext;
import dev.vigil.bootstrap.RequestReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Enumeration and scraping through the engine with the built-in defaults and the ticker: who is refused, who is not, for how long. */
class EnumerationDetectorTest {
  private final FakeTicker ticker = new FakeTicker();
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private final Random random = new Random(7);
  private Engine engine;

  @BeforeEach
  void start() {
    AgentLog.redirect(new PrintStream(log, true, StandardCharsets.UTF_8));
    engine = Engine.create(Policy.builtIn(), ticker, Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    engine.close();
    AgentLog.redirect(null);
  }

  /** A reader that reads nothing but what a test overrides. */
  private abstract static class Reads implements RequestReader {
    @Override
    public String header(Object request, String name) {
      return null;
    }

    @Override
    public String formParameter(Object request, String name) {
      return null;
    }
  }

  private static RequestReader cookie(String cookieHeader) {
    return new Reads() {
      @Override
      public String header(Object request, String name) {
        return "Cookie".equals(name) ? cookieHeader : null;
      }
    };
  }

  /** A GET the app answers with {@code status} when let through; {@code session} null: no cookie. */
  private Decision get(String client, String session, String apiKey, String path, int status) {
    RequestContext request =
        new RequestContext("test", "GET", path, client, null, apiKey, null, "browser/1", cookie(session == null ? null : "theme=dark; JSESSIONID=" + session), null);
    Decision decision = engine.onRequest(request);
    if (!decision.blocks()) {
      engine.onResponse(request, status, null);
    }
    return decision;
  }

  private List<Integer> shuffledIds(int count) {
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(1_000 + i * 7);
    }
    Collections.shuffle(ids, random);
    return ids;
  }

  /** How many of {@code ids} one caller got served, at {@code gap} between requests, before it was refused; then it must stay refused a while. */
  private int servedBeforeRefusal(String client, String session, List<Integer> ids, Duration gap) {
    int served = 0;
    for (int id : ids) {
      Decision decision = get(client, session, null, "/api/items/" + id, 200);
      if (decision.blocks()) {
        assertThat(decision.rule()).isEqualTo(EnumerationDetector.RULE);
        assertThat(decision.status()).isEqualTo(429);
        assertThat(decision.retryAfterSeconds()).isBetween(1L, 64 * 600L);
        for (int more = 0; more < 20; more++) {
          ticker.advance(gap);
          assertThat(get(client, session, null, "/api/items/" + (id + more), 200).blocks()).as("once refused, the scraper stays refused").isTrue();
        }
        return served;
      }
      served++;
      ticker.advance(gap);
    }
    return served;
  }

  @Test
  void aScraperWalkingIdsInOrderIsRefusedAfterAHundred() {
    List<Integer> ids = new ArrayList<>();
    for (int i = 1; i <= 2_400; i++) {
      ids.add(i);
    }
    int served = servedBeforeRefusal("203.0.113.5", null, ids, Duration.ofMillis(50)); // ~20 requests/s
    assertThat(served).isBetween(99, 101);
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("rule=enumeration");
  }

  @Test
  void aScraperInRandomOrderIsRefusedAfterAboutThreeHundredObjects() {
    int served = servedBeforeRefusal("203.0.113.6", null, shuffledIds(2_400), Duration.ofMillis(50));
    assertThat(served).isBetween(255, 345);
  }

  @Test
  void aScraperPacingItselfAtOneObjectEveryFiveSecondsIsRefusedWithinThreeHours() {
    int served = servedBeforeRefusal("203.0.113.7", null, shuffledIds(3_000), Duration.ofSeconds(5));
    assertThat(served).as("objects served before the long window's threshold (1,500 in 3 h), 12 five-minute windows under theirs").isBetween(1_350, 1_650);
  }

  @Test
  void guessingIdsThatMostlyDoNotExistIsRefusedAfterFiftyNotFound() {
    String guesser = "203.0.113.8";
    int served = 0;
    while (!get(guesser, null, null, "/orders/" + (100_000 + random.nextInt(900_000)), served % 10 == 0 ? 200 : 404).blocks()) {
      served++;
      ticker.advance(Duration.ofSeconds(1));
    }
    assertThat(served).isBetween(54, 58);
  }

  @Test
  void anOfficeOfFiftyPeopleWithSessionsBehindOneAddressIsNeverRefused() {
    String office = "198.51.100.40";
    for (int minute = 0; minute < 30; minute++) {
      for (int person = 0; person < 50; person++) {
        // each looks at four products a minute, from a catalogue of 5,000
        for (int look = 0; look < 4; look++) {
          assertThat(get(office, "person-" + person, null, "/products/" + random.nextInt(5_000), 200).blocks()).isFalse();
          ticker.advance(Duration.ofMillis(300));
        }
      }
    }
  }

  @Test
  void aFreshSessionOnEveryRequestCountsAsTheAddress() {
    int served = 0;
    for (int id : shuffledIds(1_000)) {
      if (get("203.0.113.9", "minted-" + id, null, "/api/items/" + id, 200).blocks()) {
        break;
      }
      served++;
      ticker.advance(Duration.ofMillis(50));
    }
    assertThat(served).isBetween(255, 345);
  }

  @Test
  void manySessionsFromOneAddressShareTheAddressAllowance() {
    String source = "203.0.113.10";
    List<Integer> ids = shuffledIds(6_000);
    int served = 0;
    int next = 0;
    outer:
    for (int round = 0; round < 200; round++) {
      for (int s = 0; s < 40; s++) { // 40 sessions, each under its own threshold
        if (get(source, "s" + s, null, "/api/items/" + ids.get(next++ % ids.size()), 200).blocks()) {
          break outer;
        }
        served++;
        ticker.advance(Duration.ofMillis(25));
      }
    }
    assertThat(served).as("objects served to the address before its sessions' shared threshold").isBetween(2_200, 4_200);
    assertThat(get(source, null, null, "/api/items/1", 200).blocks()).as("the address itself").isTrue();
    assertThat(get("198.51.100.41", null, null, "/api/items/1", 200).blocks()).as("anyone else").isFalse();
  }

  @Test
  void aRefusedScraperCannotGetBackInWithANewOrMadeUpSession() {
    String scraper = "203.0.113.11";
    servedBeforeRefusal(scraper, null, shuffledIds(400), Duration.ofMillis(50));
    assertThat(get(scraper, "brand-new", null, "/api/items/5", 200).blocks()).isTrue();
    assertThat(get(scraper, "brand-new", null, "/api/items/6", 200).blocks()).as("still unknown: never let through").isTrue();
    assertThat(get(scraper, null, null, "/api/items/77", 200).blocks()).as("every object").isTrue();
    assertThat(get(scraper, null, null, "/hello", 200).blocks()).as("the rest of the app, which its co-tenants share").isFalse();
  }

  @Test
  void aRefusedSessionLeavesTheOthersAtItsAddressAlone() {
    String office = "198.51.100.42";
    get(office, "colleague", null, "/products/1", 200);
    get(office, "colleague", null, "/products/2", 200);
    get(office, "scraper", null, "/api/items/0", 200);
    servedBeforeRefusal(office, "scraper", shuffledIds(400), Duration.ofMillis(50));
    assertThat(get(office, "scraper", null, "/products/3", 200).blocks()).isTrue();
    assertThat(get(office, "colleague", null, "/products/3", 200).blocks()).as("another session at the address").isFalse();
  }

  @Test
  void anAppWhosePeopleLookAtManyObjectsRaisesTheThresholdFromItsBaseline() {
    // 600 people, each looking at 200 photos of a grid within five minutes: under the default 300
    for (int round = 0; round < 200; round++) {
      for (int person = 0; person < 600; person++) {
        assertThat(get("10.20." + person / 250 + "." + person % 250, null, null, "/api/photos/" + (person * 1_000 + round * 7_919 % 1_000), 200).blocks()).isFalse();
        ticker.advance(Duration.ofMillis(2));
      }
    }
    ticker.advance(Duration.ofMinutes(6));
    for (int person = 0; person < 600; person++) {
      get("10.20." + person / 250 + "." + person % 250, null, null, "/api/photos/1", 200); // their windows close, and are learned
    }
    ticker.advance(Duration.ofMinutes(1));
    List<Integer> many = shuffledIds(450);
    for (int i = 0; i < many.size(); i++) {
      assertThat(get("10.30.0.1", null, null, "/api/photos/" + many.get(i), 200).blocks()).as("lookup %d of a heavy but usual user", i).isFalse();
      ticker.advance(Duration.ofMillis(500));
    }
    int served = servedBeforeRefusal("203.0.113.14", null, shuffledIds(2_000), Duration.ofMillis(25));
    assertThat(served).as("a scraper still meets the learned threshold, three times the usual 200").isBetween(500, 720);
  }

  @Test
  void aHeavyApiClientIsReportedButNeverRefusedWhereTheAppChecksKeys() {
    get("198.51.100.50", null, null, "/api/items/1", 401); // the route refuses a caller without a good key
    for (int id : shuffledIds(2_000)) {
      assertThat(get("198.51.100.43", null, "key-of-a-partner", "/api/items/" + id, 200).blocks()).isFalse();
      ticker.advance(Duration.ofMillis(20));
    }
    String out = log.toString(StandardCharsets.UTF_8);
    assertThat(out).doesNotContain("key-of-a-partner");
  }

  @Test
  void aMadeUpKeyOnARouteThatNeverChecksKeysIsNobody() {
    int served = 0;
    for (int id = 1; id <= 2_000; id++) {
      if (get("203.0.113.40", null, "made-up-" + id, "/api/items/" + (id * 7919 % 1_000_000), 200).blocks()) {
        break;
      }
      served++;
      ticker.advance(Duration.ofMillis(25));
    }
    assertThat(served).as("counted by its address").isBetween(255, 345);
  }

  @Test
  void rotatingThroughTheAddressesOfOneIpv6SlashSixtyFourIsOneCaller() {
    int served = 0;
    for (int i = 0; i < 2_000; i++) {
      String address = "2001:db8:5:6:" + Integer.toHexString(i / 50) + "::1"; // a new address every 50 lookups
      if (get(address, null, null, "/api/items/" + (i * 7919 % 100_000), 200).blocks()) {
        break;
      }
      served++;
      ticker.advance(Duration.ofMillis(25));
    }
    assertThat(served).isBetween(255, 345);
    assertThat(get("2001:db8:5:7::1", null, null, "/api/items/1", 200).blocks()).as("the next /64").isFalse();
  }

  @Test
  void mintingANewSessionEveryFewLookupsStillMeetsTheAddressAllowance() {
    int served = 0;
    for (int i = 0; i < 20_000; i++) {
      String session = "minted-" + i / 200; // a new session every 200 lookups: each under its own 300
      if (get("203.0.113.41", session, null, "/api/items/" + (i * 7919 % 1_000_000), 200).blocks()) {
        break;
      }
      served++;
      ticker.advance(Duration.ofMillis(20));
    }
    assertThat(served).as("the address's shared allowance (3,000 in 5 minutes), not 50 sessions' worth").isLessThan(4_500);
  }

  @Test
  void signedInMobileUsersBehindOneCarrierAddressAreToldApartByTheirTokens() {
    get("100.64.1.1", null, null, "/api/products/1", 401); // the route refuses callers without a good token
    for (int minute = 0; minute < 20; minute++) {
      for (int user = 0; user < 60; user++) {
        RequestContext request = new RequestContext("test", "GET", "/api/products/" + random.nextInt(50_000), "100.64.1.1", null, null, null, "app/3",
            bearer("token-of-user-" + user), null);
        Decision decision = engine.onRequest(request);
        assertThat(decision.blocks()).as("user %d, minute %d", user, minute).isFalse();
        engine.onResponse(request, 200, null);
        for (int more = 0; more < 4; more++) {
          RequestContext next = new RequestContext("test", "GET", "/api/products/" + random.nextInt(50_000), "100.64.1.1", null, null, null, "app/3",
              bearer("token-of-user-" + user), null);
          assertThat(engine.onRequest(next).blocks()).isFalse();
          engine.onResponse(next, 200, null);
        }
        ticker.advance(Duration.ofMillis(200));
      }
    }
  }

  private static RequestReader bearer(String token) {
    return new Reads() {
      @Override
      public String header(Object request, String name) {
        return "Authorization".equals(name) ? "Bearer " + token : null;
      }
    };
  }

  @Test
  void aPersonPagingThroughAGalleryIsNoWalk() {
    for (int photo = 1; photo <= 400; photo++) {
      assertThat(get("198.51.100.45", "reader", null, "/gallery/albums/42/photos/" + photo, 200).blocks()).as("photo %d", photo).isFalse();
      ticker.advance(Duration.ofSeconds(3));
    }
  }

  @Test
  void theRefusalEndsAndDoublesForAScraperThatComesBack() {
    String scraper = "203.0.113.12";
    servedBeforeRefusal(scraper, null, shuffledIds(400), Duration.ofMillis(25));
    for (int i = 0; i < 5_000; i++) {
      get("10.8." + (i / 250) + "." + (i % 250), null, null, "/api/items/" + i, 200);
    }
    ticker.advance(Duration.ofMinutes(9));
    assertThat(get(scraper, null, null, "/api/items/1", 200).blocks()).as("9 of its 10 minutes").isTrue();
    ticker.advance(Duration.ofMinutes(2));
    assertThat(get(scraper, null, null, "/api/items/1", 200).blocks()).isFalse();
    servedBeforeRefusal(scraper, null, shuffledIds(400), Duration.ofMillis(25));
    ticker.advance(Duration.ofMinutes(19));
    assertThat(get(scraper, null, null, "/api/items/1", 200).blocks()).as("twice as long the second time").isTrue();
    ticker.advance(Duration.ofMinutes(2));
    assertThat(get(scraper, null, null, "/api/items/1", 200).blocks()).isFalse();
  }

  @Test
  void assetsAndPagesWithoutIdsAreNotObjects() {
    for (int i = 0; i < 2_000; i++) {
      assertThat(get("198.51.100.44", null, null, "/assets/app-" + i + ".js", 200).blocks()).isFalse();
      assertThat(get("198.51.100.44", null, null, "/catalogue/page", 200).blocks()).isFalse();
      ticker.advance(Duration.ofMillis(100));
    }
  }

  @Test
  void monitoredAScraperIsRecordedButNeverRefused() {
    engine.close();
    engine = Engine.create(Policy.builtIn().withMode(Mode.MONITOR), ticker, Clock.systemUTC());
    for (int i = 0; i < 500; i++) {
      assertThat(get("203.0.113.13", null, null, "/api/items/" + i, 200).blocks()).isFalse();
    }
    assertThat(engine.summary().monitored()).isPositive();
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("rule=enumeration");
  }

  /** A found GET whose answer carries {@code bytes}. */
  private Decision download(String client, String path, long bytes) {
    RequestContext request = new RequestContext("test", "GET", path, client, null, null, null, "browser/1", sized(bytes), null);
    Decision decision = engine.onRequest(request);
    if (!decision.blocks()) {
      engine.onResponse(request, 200, null);
    }
    return decision;
  }

  private static RequestReader sized(long bytes) {
    return new Reads() {
      @Override
      public long responseBytes(Object request, Object response) {
        return bytes;
      }
    };
  }

  @Test
  void aCallerDownloadingFarMoreThanTheThresholdOverFewObjectsIsRefusedByBytes() {
    int served = 0;
    for (int id : shuffledIds(60)) { // 60 reports of 30 MB each, one every two seconds: far below 300 objects
      if (download("203.0.113.20", "/reports/" + id, 30_000_000).blocks()) {
        break;
      }
      served++;
      ticker.advance(Duration.ofSeconds(2));
    }
    assertThat(served).as("reports served: past 500 MB, once 20 distinct were looked up").isBetween(20, 23);
    assertThat(download("203.0.113.20", "/reports/1", 1_000).blocks()).as("refused for a while").isTrue();
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("rule=enumeration");
  }

  @Test
  void aPersonWatchingOneLongVideoInRangesIsNeverRefused() {
    for (int i = 0; i < 600; i++) { // 3 GB of one video within five minutes, in 5 MB ranges, and a few pages beside it
      assertThat(download("198.51.100.60", "/videos/123456", 5_000_000).blocks()).as("range %d", i).isFalse();
      if (i % 60 == 0) {
        assertThat(download("198.51.100.60", "/videos/" + (200_000 + i), 20_000).blocks()).isFalse();
      }
      ticker.advance(Duration.ofMillis(450));
    }
  }

  @Test
  void aChangedPolicyKeepsTheLearnedThreshold() {
    anAppWhosePeopleLookAtManyObjectsRaisesTheThresholdFromItsBaseline();
    Engine before = engine;
    EnumerationLimits d = EnumerationLimits.DEFAULTS;
    EnumerationLimits longer =
        new EnumerationLimits(d.action, d.duration.plusMinutes(1), d.distinct, d.window, d.longDistinct, d.longWindow, d.walk, d.notFound, d.addressDistinct, d.megabytes);
    engine = Engine.reloaded(before, Policy.builtIn().withDetectors(
        new DetectorSettings(ScanLimits.DEFAULTS, longer, DetectorSettings.DEFAULTS.accountTakeover, UnderAttackLimits.DEFAULTS)));
    assertThat(engine.changes().describe()).contains("detectors.enumeration changed (starts fresh)");
    int served = servedBeforeRefusal("203.0.113.15", null, shuffledIds(2_000), Duration.ofMillis(25));
    assertThat(served).as("the new engine's threshold is the learned one, not the default 300").isBetween(500, 720);
  }

  /** A GET of {@code path?query} by {@code principal} (null: anonymous) from {@code client}, answered {@code status}. */
  private Decision query(String client, String principal, String path, String query, int status) {
    RequestReader reader = new Reads() {
      @Override
      public String query(Object request) {
        return query;
      }
    };
    RequestContext request = new RequestContext("test", "GET", path, client, null, null, principal, "browser/1", reader, null);
    Decision decision = engine.onRequest(request);
    if (!decision.blocks()) {
      engine.onResponse(request, status, null);
    }
    return decision;
  }

  @Test
  void aScraperNamingItsObjectsInTheQueryIsRefusedLikeOneNamingThemInThePath() {
    int served = 0;
    for (int id : shuffledIds(2_000)) {
      if (query("203.0.113.30", null, "/item.do", "lang=en&id=" + id, 200).blocks()) {
        break;
      }
      served++;
      ticker.advance(Duration.ofMillis(25));
    }
    assertThat(served).as("query lookups served before the refusal").isBetween(255, 345);
    assertThat(query("203.0.113.30", null, "/item.do", "id=5", 200).blocks()).as("refused for a while").isTrue();
    assertThat(query("203.0.113.30", null, "/about", null, 200).blocks()).as("pages without ids still served").isFalse();
  }

  @Test
  void aDashboardPollingWithACacheBusterAllDayIsNeverRefused() {
    long epochMillis = 1_733_050_000_000L;
    for (int i = 0; i < 6 * 720; i++) { // six hours, one poll every five seconds
      assertThat(query("198.51.100.30", null, "/api/status", "_=" + (epochMillis + 5_000L * i), 200).blocks()).as("poll %d", i).isFalse();
      ticker.advance(Duration.ofSeconds(5));
    }
  }

  @Test
  void aSignedInUserProbingOtherPeoplesOrdersIsRefusedAfterFiftyForbidden() {
    int probes = 0;
    for (int id = 5_000; id < 5_200; id++) { // the app answers 403: the orders exist, they are someone else's
      if (query("198.51.100.31", "mallory", "/orders/" + id, null, 403).blocks()) {
        break;
      }
      probes++;
      ticker.advance(Duration.ofMillis(700));
    }
    assertThat(probes).as("forbidden lookups before the refusal").isBetween(50, 52);
    assertThat(query("198.51.100.31", "alice", "/orders/1", null, 200).blocks()).as("another user at the same address").isFalse();
  }

  @Test
  void productsNamedByWordsAreObjectsOnceTheFrameworkNamesTheirRoute() {
    RequestReader spring = new Reads() {
      @Override
      public String routePattern(Object request) {
        return "/products/{slug}";
      }
    };
    String[] words = {"blue", "red", "green", "widget", "gadget", "lamp", "chair", "table", "mug", "shoe"};
    int served = 0;
    for (int i = 0; i < 1_000; i++) {
      String path = "/products/" + words[i % 10] + "-" + words[(i / 10) % 10] + "-" + words[(i / 100) % 10];
      RequestContext request = new RequestContext("test", "GET", path, "203.0.113.40", null, null, null, "browser/1", spring, null);
      if (engine.onRequest(request).blocks()) {
        break;
      }
      engine.onResponse(request, 200, null);
      served++;
      ticker.advance(Duration.ofMillis(25));
    }
    assertThat(served).as("word-named products served before the refusal").isBetween(255, 345);
  }
}
