package dev.vigil.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.FakeTicker;
import dev.vigil.agent.caller.ApiKeyHasher;
import dev.vigil.agent.config.Policy;
import dev.vigil.bootstrap.AgentLog;
import dev.vigil.bootstrap.Decision;
import dev.vigil.bootstrap.LoginResult;
import dev.vigil.bootstrap.RequestContext;
import dev.vigil.bootstrap.RequestReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An app that checks passwords itself and answers 401, with no hook and no login route configured:
 * its failures count as logins anywhere, and a locked source's next password is refused before the
 * app checks it.
 */
class OwnLoginFailuresTest {
  private final FakeTicker ticker = new FakeTicker();
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private Engine engine;

  @BeforeEach
  void start() {
    AgentLog.redirect(new PrintStream(log, true, StandardCharsets.UTF_8));
    engine = Engine.create(Policy.builtIn(), ticker, Clock.systemUTC(), new ApiKeyHasher("s".getBytes(StandardCharsets.UTF_8)));
  }

  @AfterEach
  void stop() {
    engine.close();
    AgentLog.redirect(null);
  }

  private static RequestReader headers(Map<String, String> values) {
    return new RequestReader() {
      @Override
      public String header(Object request, String name) {
        return values.get(name);
      }

      @Override
      public String formParameter(Object request, String name) {
        return values.get("form:" + name);
      }
    };
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** What the engine decided; the app answers {@code status} when it was let through. */
  private Decision send(String client, String method, Map<String, String> headers, int status) {
    RequestContext request = new RequestContext("test", method, "/api/account", client, null, null, null, "curl/8", headers(headers), null);
    Decision decision = engine.onRequest(request);
    if (!decision.blocks()) {
      engine.onResponse(request, status, null);
    }
    return decision;
  }

  @Test
  void wrongBasicPasswordsLockTheUserFromThatAddressOthersGoOn() {
    String attacker = "203.0.113.7";
    int reachedTheApp = 0;
    for (int i = 0; i < 12; i++) {
      if (!send(attacker, "GET", Map.of("Authorization", basic("alice", "guess" + i)), 401).blocks()) {
        reachedTheApp++;
      }
    }
    assertThat(reachedTheApp).as("wrong passwords the app checked").isEqualTo(5);
    assertThat(send(attacker, "GET", Map.of("Authorization", basic("alice", "secret")), 200).rule()).isEqualTo("user-ip");
    assertThat(send("198.51.100.7", "GET", Map.of("Authorization", basic("alice", "secret")), 200).blocks()).as("the real user elsewhere").isFalse();
    assertThat(send(attacker, "GET", Map.of(), 200).blocks()).as("a request without a password").isFalse();
  }

  @Test
  void aPostedLoginFormsFailuresCountUnderItsUsername() {
    String attacker = "203.0.113.8";
    int reachedTheApp = 0;
    for (int i = 0; i < 40; i++) {
      Map<String, String> form = Map.of("Content-Type", "application/x-www-form-urlencoded", "form:username", "user" + i);
      if (!send(attacker, "POST", form, 401).blocks()) {
        reachedTheApp++;
      }
    }
    assertThat(reachedTheApp).as("stuffing many accounts from one address: its source scopes stop it").isLessThan(40);
  }

  @Test
  void aPasswordLetInWhereTheAppRefusedOnesBeforeIsASuccessfulLogin() {
    String stuffer = "203.0.113.11";
    for (int i = 0; i < 7; i++) {
      send(stuffer, "POST", Map.of("Content-Type", "application/x-www-form-urlencoded", "form:username", "victim" + i), 401);
    }
    assertThat(send(stuffer, "POST", Map.of("Content-Type", "application/x-www-form-urlencoded", "form:username", "carol"), 200).blocks()).isFalse();
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("suspected account takeover").contains("success-from-stuffing-source");
    // and a success resets that username's own count from that address, as a hook's does
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 4; i++) {
        assertThat(send("198.51.100.12", "GET", Map.of("Authorization", basic("dave", "typo" + i)), 401).blocks()).isFalse();
      }
      assertThat(send("198.51.100.12", "GET", Map.of("Authorization", basic("dave", "right")), 200).blocks()).isFalse();
    }
  }

  @Test
  void aRejectedBearerTokenOrAChallengeIsNoPasswordGuess() {
    String client = "198.51.100.9";
    for (int i = 0; i < 50; i++) {
      assertThat(send(client, "GET", Map.of("Authorization", "Bearer expired-" + i), 401).blocks()).isFalse();
      assertThat(send(client, "GET", Map.of(), 401).blocks()).as("the challenge before credentials").isFalse();
    }
    assertThat(engine.summary().throttled()).isZero();
  }

  @Test
  void whereAHookCountsLoginsThe401sAreLeftToIt() {
    engine.onLoginAttempt("tomcat-realm", "bob", "203.0.113.9", null);
    engine.onLoginOutcome("tomcat-realm", "bob", "203.0.113.9", null, LoginResult.SUCCESS);
    for (int i = 0; i < 12; i++) {
      assertThat(send("203.0.113.10", "GET", Map.of("Authorization", basic("carol", "guess" + i)), 401).blocks())
          .as("the framework's hook refuses its own way").isFalse();
    }
  }
}
