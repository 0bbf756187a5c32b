package dev.vigil.agent.detect.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.FakeTicker;
import dev.vigil.agent.config.DetectorAction;
import dev.vigil.agent.config.DetectorSettings;
import dev.vigil.agent.config.EnumerationLimits;
import dev.vigil.agent.config.Mode;
import dev.vigil.agent.config.ScanLimits;
import dev.vigil.agent.config.Policy;
import dev.vigil.agent.engine.Engine;
import dev.vigil.bootstrap.AgentLog;
import dev.vigil.bootstrap.Decision;
import dev.vigil.bootstrap.RequestContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Scanning, through the engine with the built-in defaults and the ticker: who is refused, who is not, and when it ends. */
class ScanDetectorTest {
  private final FakeTicker ticker = new FakeTicker();
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
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

  /** One request answered by the app with {@code status}; returns what the engine decided before it. */
  private Decision answered(String client, String method, String path, int status) {
    RequestContext request = new RequestContext("test", method, path, client, null, null, null, "scanner/1");
    Decision decision = engine.onRequest(request);
    if (!decision.blocks()) {
      engine.onResponse(request, status, null);
    }
    return decision;
  }

  @Test
  void aSourceWalkingCommonFileNamesIsRefusedAfterThirtyDistinctNotFoundRoutes() {
    String scanner = "203.0.113.9";
    int answeredByTheApp = 0;
    for (int i = 0; i < 200; i++) {
      Decision decision = answered(scanner, "GET", "/backup-" + i + "/index.html", 404);
      if (!decision.blocks()) {
        answeredByTheApp++;
      } else {
        assertThat(decision.rule()).isEqualTo(ScanDetector.RULE);
        assertThat(decision.status()).isEqualTo(429);
      }
      ticker.advance(Duration.ofMillis(40)); // ~24 requests/s
    }
    assertThat(answeredByTheApp).as("not-found answers before the refusal").isBetween(28, 34);
    assertThat(answered("198.51.100.7", "GET", "/hello", 200).blocks()).as("anyone else").isFalse();
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("rule=scan");
  }

  @Test
  void aScannerThatPacesItselfUnderTheFiveMinuteThresholdIsRefusedWithinTheHour() {
    String slow = "203.0.113.20";
    int answeredByTheApp = 0;
    while (!answered(slow, "GET", "/old-" + answeredByTheApp + ".zip", 404).blocks()) {
      answeredByTheApp++;
      ticker.advance(Duration.ofSeconds(20)); // 15 a 5-minute window: under its 30
    }
    assertThat(answeredByTheApp).as("probes answered before the hour's threshold").isBetween(55, 66);
  }

  @Test
  void aScannerRotatingThroughItsIpv6SlashSixtyFourIsOneSource() {
    int answeredByTheApp = 0;
    for (int i = 0; i < 200; i++) {
      String address = "2001:db8:9:1::" + Integer.toHexString(i + 1); // a new address for every probe
      if (!answered(address, "GET", "/backup-" + i + "/index.html", 404).blocks()) {
        answeredByTheApp++;
      }
      ticker.advance(Duration.ofMillis(40));
    }
    assertThat(answeredByTheApp).isBetween(28, 34);
    assertThat(answered("2001:db8:9:2::1", "GET", "/hello", 200).blocks()).as("the next /64").isFalse();
  }

  @Test
  void threeTurnedAwayProbesOfSensitivePathsAreEnough() {
    String prober = "203.0.113.10";
    assertThat(answered(prober, "GET", "/.env", 404).blocks()).isFalse();
    assertThat(answered(prober, "GET", "/static/.git/config", 404).blocks()).isFalse();
    assertThat(answered(prober, "GET", "/wp-login.php", 403).blocks()).isFalse();
    assertThat(answered(prober, "GET", "/hello", 200).blocks()).as("the fourth request").isTrue();
  }

  @Test
  void missingAssetsAndAnApiClientLookingUpIdsAreNeverScanning() {
    String office = "198.51.100.20";
    for (int i = 0; i < 300; i++) {
      assertThat(answered(office, "GET", "/img/missing-" + i + ".png", 404).blocks()).as("a broken page's images").isFalse();
    }
    String apiClient = "198.51.100.30";
    for (int i = 0; i < 45; i++) {
      assertThat(answered(apiClient, "GET", "/api/items/" + i, 404).blocks()).as("one route, many ids").isFalse();
      ticker.advance(Duration.ofSeconds(1));
    }
    assertThat(answered(office, "GET", "/actuator/health", 200).blocks()).isFalse();
  }

  @Test
  void theRefusalEndsAndAFloodOfNewAddressesDoesNotEndItEarly() {
    String scanner = "203.0.113.11";
    for (int i = 0; i < 40; i++) {
      answered(scanner, "GET", "/probe-" + i, 404);
    }
    assertThat(answered(scanner, "GET", "/hello", 200).blocks()).isTrue();
    for (int i = 0; i < 5_000; i++) {
      answered("10.9." + (i / 250) + "." + (i % 250), "GET", "/x" + (i % 7), 404);
    }
    ticker.advance(Duration.ofMinutes(9));
    assertThat(answered(scanner, "GET", "/hello", 200).blocks()).as("still refused after 9 of its 10 minutes").isTrue();
    ticker.advance(Duration.ofMinutes(2));
    assertThat(answered(scanner, "GET", "/hello", 200).blocks()).isFalse();
    for (int i = 0; i < 40; i++) {
      answered(scanner, "GET", "/again-" + i, 404);
    }
    ticker.advance(Duration.ofMinutes(19));
    assertThat(answered(scanner, "GET", "/hello", 200).blocks()).as("coming back: refused twice as long").isTrue();
    ticker.advance(Duration.ofMinutes(2));
    assertThat(answered(scanner, "GET", "/hello", 200).blocks()).isFalse();
  }

  @Test
  void thePolicyCanBlockAScannerForAnHourOrSwitchScanningOff() {
    engine.close();
    ScanLimits d = ScanLimits.DEFAULTS;
    ScanLimits blockForAnHour = new ScanLimits(DetectorAction.BLOCK, Duration.ofHours(1), d.distinctNotFound, d.probes, d.window, d.longDistinctNotFound, d.longWindow);
    DetectorSettings detectors = new DetectorSettings(blockForAnHour, EnumerationLimits.DEFAULTS, DetectorAction.MONITOR);
    engine = Engine.create(Policy.builtIn().withDetectors(detectors), ticker, Clock.systemUTC());
    for (int i = 0; i < 40; i++) {
      answered("203.0.113.14", "GET", "/probe-" + i, 404);
    }
    Decision decision = answered("203.0.113.14", "GET", "/hello", 200);
    assertThat(decision.status()).isEqualTo(403);
    ticker.advance(Duration.ofMinutes(59));
    assertThat(answered("203.0.113.14", "GET", "/hello", 200).status()).isEqualTo(403);
    ticker.advance(Duration.ofMinutes(2));
    assertThat(answered("203.0.113.14", "GET", "/hello", 200).blocks()).isFalse();

    engine.close();
    ScanLimits off = new ScanLimits(DetectorAction.OFF, d.duration, d.distinctNotFound, d.probes, d.window, d.longDistinctNotFound, d.longWindow);
    engine = Engine.create(Policy.builtIn().withDetectors(new DetectorSettings(off, EnumerationLimits.DEFAULTS, DetectorAction.MONITOR)), ticker, Clock.systemUTC());
    for (int i = 0; i < 100; i++) {
      assertThat(answered("203.0.113.15", "GET", "/probe-" + i, 404).blocks()).isFalse();
      ticker.advance(Duration.ofMillis(50));
    }
  }

  @Test
  void monitoredAScannerIsRecordedButNeverRefused() {
    engine.close();
    engine = Engine.create(Policy.builtIn().withMode(Mode.MONITOR), ticker, Clock.systemUTC());
    String scanner = "203.0.113.12";
    for (int i = 0; i < 60; i++) {
      assertThat(answered(scanner, "GET", "/probe-" + i, 404).blocks()).isFalse();
    }
    assertThat(engine.summary().monitored()).isPositive();
  }
}
