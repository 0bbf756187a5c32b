package dev.vigil.agent.detect.attack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.FakeTicker;
import dev.vigil.agent.config.DetectorSettings;
import dev.vigil.agent.config.EnumerationLimits;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under-attack mode through the engine and the ticker: a route learns its usual load from people on
 * many networks with many browsers; a botnet in one /10 sending the same headers from random
 * addresses puts it under attack within its first second and then gets a trickle, while the people
 * go on being served; the mode ends once the route is calm again.
 */
class UnderAttackDetectorTest {
  private static final String ROUTE = "/api/search";
  private final FakeTicker ticker = new FakeTicker();
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private final SplittableRandom random = new SplittableRandom(3);
  private Engine engine;
  private int peopleRefused;

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

  private static RequestReader headers(String names, String accept) {
    return new RequestReader() {
      @Override
      public long responseBytes(Object request, Object response) {
        return 2_000;
      }

      @Override
      public String header(Object request, String name) {
        return "Accept".equals(name) ? accept : null;
      }

      @Override
      public String formParameter(Object request, String name) {
        return null;
      }

      @Override
      public String headerNames(Object request) {
        return names;
      }
    };
  }

  private Decision send(String client, String userAgent, String names) {
    RequestContext request = new RequestContext("test", "GET", ROUTE, client, null, null, null, userAgent, headers(names, "application/json"), null);
    Decision decision = engine.onRequest(request);
    if (!decision.blocks()) {
      engine.onResponse(request, 200, null);
    }
    return decision;
  }

  /** One of 400 people on 400 networks with 40 kinds of browser: 20 requests a second between them. */
  private void person() {
    int who = random.nextInt(400);
    if (send((20 + who % 180) + "." + who / 180 + ".1." + (1 + who % 7), "browser/" + who % 40, "Host,User-Agent,Accept,Cookie").blocks()) {
      peopleRefused++;
    }
  }

  /** {@code seconds} of the people's usual traffic. */
  private void usualTraffic(int seconds) {
    for (int i = 0; i < seconds * 20; i++) {
      person();
      ticker.advance(Duration.ofMillis(50));
    }
  }

  @Test
  void aBotnetWithOneFingerprintPutsTheRouteUnderAttackAndGetsATrickleWhilePeopleAreServed() {
    usualTraffic(600);
    assertThat(log.toString(StandardCharsets.UTF_8)).doesNotContain("under-attack");
    int botServed = 0;
    int botSent = 0;
    for (int tick = 0; tick < 30_000; tick++) { // 30 s of 1,000 bot requests a second, plus the people
      String bot = "100." + (64 + random.nextInt(64)) + "." + random.nextInt(256) + "." + random.nextInt(256);
      botSent++;
      botServed += send(bot, "python-requests/2.32", "Host,User-Agent,Accept-Encoding,Accept,Connection").blocks() ? 0 : 1;
      if (tick % 50 == 0) {
        person();
      }
      ticker.advance(Duration.ofMillis(1));
    }
    System.out.printf("[measured] botnet on one route: %d of %d requests served%n", botServed, botSent);
    assertThat(botServed).as("bot requests served of %d (each fingerprint may send twice the route's usual rate)", botSent).isLessThan(botSent / 10);
    assertThat(peopleRefused).as("people's requests refused during the attack").isZero();
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("rule=under-attack");

    usualTraffic(60);
    assertThat(send("100.70.1.1", "python-requests/2.32", "Host,User-Agent,Accept-Encoding,Accept,Connection").blocks())
        .as("the attack is over: the same client is served again").isFalse();
    assertThat(peopleRefused).isZero();
  }

  /** One app's users: all send the same headers, from many networks. */
  private Decision appUser(int who, int status) {
    RequestContext request = new RequestContext(
        "test", "GET", ROUTE, (20 + who % 180) + "." + who / 180 + ".2.1", null, null, null, "okhttp/4.12.0", headers("Host,User-Agent,Accept", "*/*"), null);
    Decision decision = engine.onRequest(request);
    if (!decision.blocks()) {
      engine.onResponse(request, status, null);
    }
    return decision;
  }

  @Test
  void anAttackerWhoTriggersTheModeCannotGetAnAppsUsersRefusedAndTheModeEnds(@TempDir Path dir) throws Exception {
    engine.close();
    Path audit = dir.resolve("audit.jsonl");
    engine = Engine.create(Policy.builtIn().withAuditFile(audit), ticker, Clock.systemUTC());
    for (int i = 0; i < 600 * 20; i++) {
      appUser(random.nextInt(400), 200);
      ticker.advance(Duration.ofMillis(50));
    }
    for (int i = 0; i < 300; i++) { // 300 requests answered 400 from 30 addresses within 3 seconds
      RequestContext bad = new RequestContext("test", "GET", ROUTE, "185.1." + i % 30 + ".1", null, null, null, "x/1", headers("Host", "*/*"), null);
      if (!engine.onRequest(bad).blocks()) {
        engine.onResponse(bad, 400, null);
      }
      ticker.advance(Duration.ofMillis(10));
    }
    int refused = 0;
    for (int i = 0; i < 300 * 20; i++) { // five minutes of the app's users, one fingerprint carrying all of the route's traffic
      refused += appUser(random.nextInt(400), 200).blocks() ? 1 : 0;
      ticker.advance(Duration.ofMillis(50));
    }
    assertThat(refused).as("the app's users refused").isZero();
    engine.close();
    String trail = Files.readString(audit);
    assertThat(trail).as("the route went under attack").contains("\"signal\":\"route-under-attack\"");
    assertThat(trail).as("and was released").contains("\"signal\":\"route-attack-over\"");
  }

  /** The botnet of the first test, for {@code millis}. */
  private void botnet(int millis) {
    for (int tick = 0; tick < millis; tick++) {
      String bot = "100." + (64 + random.nextInt(64)) + "." + random.nextInt(256) + "." + random.nextInt(256);
      send(bot, "python-requests/2.32", "Host,User-Agent,Accept-Encoding,Accept,Connection");
      ticker.advance(Duration.ofMillis(1));
    }
  }

  @Test
  void aChangedPolicyKeepsWhatTheRoutesLearnedSoAnAttackRightAfterItIsStillCaught() {
    usualTraffic(600);
    Engine before = engine;
    UnderAttackLimits d = UnderAttackLimits.DEFAULTS;
    engine = Engine.reloaded(before, Policy.builtIn().withDetectors(new DetectorSettings(
        ScanLimits.DEFAULTS, EnumerationLimits.DEFAULTS, DetectorSettings.DEFAULTS.accountTakeover,
        d.with(d.action, Duration.ofNanos(d.intervalNanos), d.warmUpIntervals + 1))));
    assertThat(engine.changes().describe()).contains("detectors.underAttack changed (starts fresh)");
    botnet(3_000);
    assertThat(log.toString(StandardCharsets.UTF_8)).as("caught by the new engine, with no new warm-up").contains("rule=under-attack");
  }

  @Test
  void theRouteLearnsItsStatusMixLatencyAndSizeAndTheAttacksEventComparesWithThem(@TempDir Path dir) throws Exception {
    engine.close();
    Path audit = dir.resolve("audit.jsonl");
    engine = Engine.create(Policy.builtIn().withAuditFile(audit), ticker, Clock.systemUTC());
    for (int i = 0; i < 600 * 20; i++) { // ten minutes of people: one answer in ten a 404, each taking 20 ms
      int who = random.nextInt(400);
      RequestContext request = new RequestContext(
          "test", "GET", ROUTE, (20 + who % 180) + "." + who / 180 + ".1.1", null, null, null, "browser/" + who % 40,
          headers("Host,User-Agent,Accept,Cookie", "application/json"), null);
      engine.onRequest(request);
      ticker.advance(Duration.ofMillis(20));
      engine.onResponse(request, i % 10 == 0 ? 404 : 200, null);
      ticker.advance(Duration.ofMillis(30));
    }
    botnet(3_000);
    engine.close();
    // the latency is a sample's: within a few tenths of a millisecond
    assertThat(Files.readString(audit))
        .containsPattern("answers usually 90% 2xx, 0% 3xx, 10% 4xx, 0% 5xx, (19\\.[5-9]|20\\.[0-5]) ms and 2\\.0 kB each \\(this surge: 0\\.0 ms, 2\\.0 kB\\)");
  }

  @Test
  void ordinaryUpsAndDownsNeverStartAnAttack() {
    usualTraffic(600);
    for (int burst = 0; burst < 10; burst++) {
      for (int i = 0; i < 200 * 3; i++) { // three times the usual rate for ten seconds
        person();
        ticker.advance(Duration.ofNanos(16_666_667));
      }
      usualTraffic(60);
    }
    assertThat(peopleRefused).isZero();
    assertThat(log.toString(StandardCharsets.UTF_8)).doesNotContain("under-attack");
  }

  @Test
  void aHeavyJobFromTwoAddressesIsNoAttackOnTheRoute() {
    usualTraffic(600);
    for (int i = 0; i < 40 * 60; i++) { // a minute of 40 requests a second from two machines, beside the people
      assertThat(send("10.1.2." + (3 + i % 2), "batch-job/1", "Host,User-Agent,Accept").blocks()).as("job request %d", i).isFalse();
      if (i % 2 == 0) {
        person();
      }
      ticker.advance(Duration.ofMillis(25));
    }
    assertThat(peopleRefused).isZero();
    assertThat(log.toString(StandardCharsets.UTF_8)).doesNotContain("under-attack");
  }

  @Test
  void nothingHappensBeforeTheRouteHasLearnedWhatIsUsual() {
    for (int tick = 0; tick < 20_000; tick++) {
      send("100." + (64 + random.nextInt(64)) + "." + random.nextInt(256) + ".9", "bot/1", "Host,User-Agent");
      ticker.advance(Duration.ofMillis(1));
    }
    assertThat(log.toString(StandardCharsets.UTF_8)).doesNotContain("under-attack");
  }
}
