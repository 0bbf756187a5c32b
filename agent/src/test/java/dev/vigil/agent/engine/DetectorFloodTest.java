package dev.vigil.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.FakeTicker;
import dev.vigil.agent.config.Policy;
import dev.vigil.agent.config.StateLimits;
import dev.vigil.bootstrap.AgentLog;
import dev.vigil.bootstrap.Decision;
import dev.vigil.bootstrap.LoginResult;
import dev.vigil.bootstrap.RequestContext;
import dev.vigil.bootstrap.RequestReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Half a million new IPv6 addresses, each with a made-up session, an object lookup, a not-found
 * probe, a made-up path and a failed login: the behavioural detectors' tables stay within their
 * caps, and a scraper refused before the flood is still refused after it.
 */
class DetectorFloodTest {
  private static final int MAX_KEYS = 2_000;
  private final FakeTicker ticker = new FakeTicker();
  private Engine engine;

  @BeforeEach
  void start() {
    AgentLog.redirect(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    Policy builtIn = Policy.builtIn();
    Policy small =
        new Policy(
            builtIn.mode(), builtIn.trustedProxies(), null, List.of(), List.of(), new StateLimits(MAX_KEYS, Duration.ofMinutes(10)), null, builtIn.rules(),
            builtIn.login().withMaxTrackedKeys(MAX_KEYS));
    engine = Engine.create(small, ticker, Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    engine.close();
    AgentLog.redirect(null);
  }

  private static RequestReader cookie(String value) {
    return new RequestReader() {
      @Override
      public String header(Object request, String name) {
        return "Cookie".equals(name) ? value : null;
      }

      @Override
      public String formParameter(Object request, String name) {
        return null;
      }
    };
  }

  private Decision get(String client, String session, String path, int status) {
    RequestContext request =
        new RequestContext("test", "GET", path, client, null, null, null, "flood/1", cookie(session == null ? null : "JSESSIONID=" + session), null);
    Decision decision = engine.onRequest(request);
    if (!decision.blocks()) {
      engine.onResponse(request, status, null);
    }
    return decision;
  }

  @Test
  void theDetectorsTablesHoldTheirCapsUnderAFloodOfNewAddresses() {
    String scraper = "203.0.113.99";
    String sessionScraper = "203.0.113.98";
    for (int i = 0; i < 400; i++) {
      get(scraper, null, "/api/items/" + (i * 7919 % 5_000), 200);
      get(sessionScraper, "kept", "/api/items/" + (i * 7919 % 5_000), 200);
      ticker.advance(Duration.ofMillis(25));
    }
    assertThat(get(scraper, null, "/api/items/1", 200).blocks()).isTrue();
    assertThat(get(sessionScraper, "kept", "/api/items/1", 200).blocks()).isTrue();
    for (int i = 0; i < 500_000; i++) {
      String address = "2001:db8:" + Integer.toHexString(i >>> 16) + ":" + Integer.toHexString(i & 0xffff) + "::1";
      get(address, "s" + i, "/api/items/" + i, 200);
      get(address, "s" + i, "/probe-" + i + ".php", 404);
      if (i % 10 == 0) {
        engine.onLoginAttempt("test", "user" + i, address, null);
        engine.onLoginOutcome("test", "user" + i, address, null, LoginResult.FAILURE);
      }
    }
    long bound = 10L * MAX_KEYS + 2_000; // every table's cap, a few tables per detector, and under-attack's routes
    assertThat(engine.detectorKeys()).as("keys held by the behavioural detectors").isLessThanOrEqualTo(bound);
    assertThat(get(scraper, null, "/api/items/2", 200).blocks()).as("the scraper is still refused").isTrue();
    assertThat(get(sessionScraper, "kept", "/api/items/2", 200).blocks()).as("so is the one with a session, though new sessions pushed it out of the seen ones")
        .isTrue();
  }
}
