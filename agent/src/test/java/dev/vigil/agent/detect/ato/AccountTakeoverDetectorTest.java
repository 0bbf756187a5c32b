package dev.vigil.agent.detect.ato;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.FakeTicker;
import dev.vigil.agent.config.Policy;
import dev.vigil.agent.engine.Engine;
import dev.vigil.bootstrap.AgentLog;
import dev.vigil.bootstrap.LoginResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Account takeover follow-through through the engine, driven the way an authentication hook drives it. */
class AccountTakeoverDetectorTest {
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

  /** One login through the hook's two moments; true when it reached the password check. */
  private boolean login(String user, String client, boolean success) {
    if (engine.onLoginAttempt("test", user, client, null)) {
      return false; // locked out
    }
    engine.onLoginOutcome("test", user, client, null, success ? LoginResult.SUCCESS : LoginResult.FAILURE);
    return true;
  }

  private String notices() {
    return log.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aSuccessAfterABurstOfFailuresOnTheAccountIsSuspect() {
    for (int i = 0; i < 4; i++) {
      login("alice", "198.51.100." + i, false); // four sources: under every lockout
    }
    login("alice", "198.51.100.9", true);
    assertThat(notices()).doesNotContain("suspected account takeover");
    for (int i = 0; i < 5; i++) {
      login("bob", "198.51.100." + (20 + i), false);
      ticker.advance(Duration.ofMinutes(2));
    }
    assertThat(login("bob", "198.51.100.30", true)).isTrue();
    assertThat(notices()).contains("suspected account takeover rule=account-takeover signal=success-after-failures");
    assertThat(notices()).doesNotContain("bob");
  }

  @Test
  void aSuccessFromASourceThatWasStuffingIsSuspect() {
    for (int i = 0; i < 6; i++) {
      login("victim" + i, "203.0.113.40", false);
    }
    assertThat(login("carol", "203.0.113.40", true)).isTrue();
    assertThat(notices()).contains("signal=success-from-stuffing-source").contains("203.0.113.40");
  }

  @Test
  void aSuccessFromANetworkThatWasStuffingIsSuspect() {
    for (int i = 0; i < 25; i++) {
      login("victim" + i, "198.18." + i + ".1", false);
    }
    assertThat(login("dave", "198.18.200.1", true)).isTrue();
    assertThat(notices()).contains("signal=success-from-stuffing-network").contains("198.18.0.0/16");
  }

  @Test
  void ordinaryMistakesAndOldFailuresAreNotSuspect() {
    for (int i = 0; i < 200; i++) {
      login("person" + i, "192.0.2." + (i % 250), false);
      login("person" + i, "192.0.2." + (i % 250), true);
    }
    for (int i = 0; i < 6; i++) {
      login("erin", "198.51.100.50", false);
    }
    ticker.advance(Duration.ofMinutes(20));
    login("erin", "198.51.100.50", true);
    assertThat(notices()).doesNotContain("suspected account takeover");
  }
}
