package dev.vigil.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.FakeTicker;
import dev.vigil.agent.config.Policy;
import dev.vigil.agent.config.SensitiveFlows;
import dev.vigil.bootstrap.AgentLog;
import dev.vigil.bootstrap.Decision;
import dev.vigil.bootstrap.RequestContext;
import dev.vigil.bootstrap.RequestReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The built-in quotas on sign-up and password-reset forms, through the engine: per address, per /24, per fingerprint. */
class SensitiveFlowQuotaTest {
  private static final String FARM_NAMES = "Host,User-Agent,Accept,Content-Type,Content-Length";
  private final FakeTicker ticker = new FakeTicker();
  private Engine engine;

  @BeforeEach
  void start() {
    AgentLog.redirect(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    engine = Engine.create(Policy.builtIn(), ticker, Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    engine.close();
    AgentLog.redirect(null);
  }

  private static RequestReader client(String headerNames, Map<String, String> headers) {
    return new RequestReader() {
      @Override
      public String header(Object request, String name) {
        return headers.get(name);
      }

      @Override
      public String formParameter(Object request, String name) {
        return null;
      }

      @Override
      public String headerNames(Object request) {
        return headerNames;
      }

      @Override
      public String protocol(Object request) {
        return "HTTP/1.1";
      }
    };
  }

  private Decision submit(String method, String path, String address, String userAgent, String headerNames) {
    RequestContext request =
        new RequestContext("test", method, path, address, null, null, null, userAgent, client(headerNames, Map.of("Accept", "*/*")), null);
    Decision decision = engine.onRequest(request);
    if (!decision.blocks()) {
      engine.onResponse(request, 201, null);
    }
    return decision;
  }

  @Test
  void tenSignUpsAnHourFromOneAddressThenRefusedUntilTheQuotaRefills() {
    int created = 0;
    for (int i = 0; i < 50; i++) {
      Decision decision = submit("POST", "/signup", "203.0.113.30", "farm/1", FARM_NAMES);
      if (decision.blocks()) {
        assertThat(decision.rule()).isEqualTo(SensitiveFlows.RULE_PREFIX + "ip");
        assertThat(decision.retryAfterSeconds()).as("a tenth of the hour at most").isBetween(1L, 360L);
      } else {
        created++;
      }
      ticker.advance(Duration.ofSeconds(2));
    }
    assertThat(created).isEqualTo(10);
    assertThat(submit("GET", "/signup", "203.0.113.30", "farm/1", FARM_NAMES).blocks()).as("the form page itself").isFalse();
    ticker.advance(Duration.ofMinutes(6));
    assertThat(submit("POST", "/api/v1/users/sign-up", "203.0.113.30", "farm/1", FARM_NAMES).blocks()).as("one more, six minutes on").isFalse();
  }

  @Test
  void aFarmRotatingThroughABotnetWithTheSameHeadersIsReportedByTheFingerprintQuotaNotRefused() {
    for (int i = 0; i < 300; i++) {
      // a new /16 for every submission: no address or subnet sees two
      assertThat(submit("POST", "/account/register", (20 + i % 200) + "." + i / 200 + ".7.9", "farm/1", FARM_NAMES).blocks()).isFalse();
      ticker.advance(Duration.ofSeconds(1));
    }
    assertThat(engine.summary().monitored()).as("sign-ups over the fingerprint's quota, reported").isBetween(190L, 200L);
  }

  @Test
  void copyingABrowsersHeadersCannotDrainPasswordResetsForEveryoneWhoUsesIt() {
    for (int i = 0; i < 200; i++) {
      submit("POST", "/forgot-password", "203.0.113." + (i % 20), "Chrome/131", "Host,User-Agent,Accept,Cookie"); // 20 addresses
    }
    for (int i = 0; i < 50; i++) {
      assertThat(submit("POST", "/forgot-password", "198.51." + i + ".9", "Chrome/131", "Host,User-Agent,Accept,Cookie").blocks())
          .as("a real user of that browser, reset %d", i).isFalse();
      ticker.advance(Duration.ofMinutes(1));
    }
  }

  @Test
  void peopleSigningUpFromTheirOwnAddressesAndBrowsersAreNeverRefused() {
    for (int i = 0; i < 500; i++) {
      String names = i % 2 == 0 ? "Host,Connection,User-Agent,Accept,Cookie" : "Host,User-Agent,Accept,Accept-Language,Accept-Encoding,Referer";
      assertThat(submit("POST", "/register", "198.51." + (i % 250) + "." + (1 + i / 250), "browser/" + (i % 40), names).blocks()).isFalse();
      ticker.advance(Duration.ofSeconds(5));
    }
  }

  @Test
  void aPasswordResetBomberIsHeldToTheSameQuota() {
    int sent = 0;
    for (int i = 0; i < 40; i++) {
      sent += submit("POST", "/forgot-password", "203.0.113.31", "bomber/2", FARM_NAMES).blocks() ? 0 : 1;
    }
    assertThat(sent).isEqualTo(10);
  }
}
