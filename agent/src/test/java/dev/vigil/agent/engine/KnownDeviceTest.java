package dev.vigil.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.FakeTicker;
import dev.vigil.agent.caller.ApiKeyHasher;
import dev.vigil.agent.config.PolicyLoader;
import dev.vigil.bootstrap.LoginResult;
import dev.vigil.bootstrap.RequestContext;
import dev.vigil.bootstrap.RequestReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Known-device cookies through the engine, as a framework hook inside a request drives it: a
 * success gives the device a signed cookie, and that device then passes the user's lockout (started
 * by someone spraying the account from many addresses) from an address it never used; without it,
 * with a forged or another user's cookie, or once the cookie has failed five times, it does not.
 */
class KnownDeviceTest {
  private static final String ON = "login: { deviceCookies: { enabled: true, secure: false } }";
  @TempDir Path dir;
  private final FakeTicker ticker = new FakeTicker();
  private Engine engine;

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
  }

  private void engine(String yaml) throws Exception {
    Path file = dir.resolve("vigil.yaml");
    Files.writeString(file, yaml + "\n");
    engine = Engine.create(PolicyLoader.load(file, new Properties()), ticker, Clock.systemUTC(), new ApiKeyHasher("k".getBytes(StandardCharsets.UTF_8)));
  }

  /** A request with this Cookie header whose added response headers land in {@code added}. */
  private static RequestContext request(String ip, String cookie, List<String> added) {
    RequestReader reader = new RequestReader() {
      @Override
      public String header(Object request, String name) {
        return "Cookie".equals(name) ? cookie : null;
      }

      @Override
      public String formParameter(Object request, String name) {
        return null;
      }

      @Override
      public boolean addResponseHeader(Object request, Object response, String name, String value) {
        added.add(name + ": " + value);
        return true;
      }
    };
    return new RequestContext("test", "POST", "/signin", ip, null, null, null, "browser/1", reader, null);
  }

  /** One login through a hook inside a request; returns whether the hook was told to refuse it, and what the response got. */
  private boolean login(String ip, String cookie, String user, boolean rightPassword, List<String> added) {
    RequestContext request = request(ip, cookie, added);
    engine.onRequest(request);
    boolean locked = engine.onLoginAttempt("spring-security", user, null, null);
    if (!locked) {
      engine.onLoginOutcome("spring-security", user, null, null, rightPassword ? LoginResult.SUCCESS : LoginResult.FAILURE);
    }
    engine.onResponse(request, locked || !rightPassword ? 401 : 302, null);
    return locked;
  }

  /** 30 wrong passwords for alice from 30 addresses of 30 networks: the per-user lockout starts. */
  private void sprayAlice() {
    for (int i = 0; i < 30; i++) {
      login((30 + i) + ".1.2.3", null, "alice", false, new ArrayList<>());
      ticker.advance(Duration.ofSeconds(1));
    }
  }

  /** The cookie the device got ({@code name=value}), from its Set-Cookie. */
  private static String cookieOf(List<String> added) {
    assertThat(added).hasSize(1);
    String header = added.get(0);
    assertThat(header).startsWith("Set-Cookie: vigil_device=");
    return header.substring("Set-Cookie: ".length(), header.indexOf(';'));
  }

  @Test
  void aDeviceThatLoggedInPassesTheUserLockoutFromANewAddress() throws Exception {
    engine(ON);
    List<String> added = new ArrayList<>();
    assertThat(login("198.51.100.7", null, "alice", true, added)).isFalse();
    assertThat(added.get(0)).as("the cookie's attributes").contains("; Max-Age=2592000; Path=/; HttpOnly; SameSite=Lax").doesNotContain("Secure")
        .doesNotContain("alice");
    String device = cookieOf(added);
    sprayAlice();

    assertThat(login("203.0.113.50", null, "alice", true, new ArrayList<>())).as("alice from a new address, no cookie").isTrue();
    List<String> again = new ArrayList<>();
    assertThat(login("203.0.113.50", "theme=dark; " + device, "alice", true, again)).as("alice from a new address with her device").isFalse();
    assertThat(again).as("a device that already has its cookie gets no new one").isEmpty();
  }

  @Test
  void forgedOrOtherUsersCookiesDoNotVouch() throws Exception {
    engine(ON);
    List<String> added = new ArrayList<>();
    login("198.51.100.8", null, "bob", true, added);
    String bobs = cookieOf(added);
    List<String> alices = new ArrayList<>();
    login("198.51.100.7", null, "alice", true, alices);
    String alice = cookieOf(alices);
    sprayAlice();

    assertThat(login("203.0.113.51", bobs, "alice", true, new ArrayList<>())).as("bob's device cookie, for alice").isTrue();
    int at = alice.length() - 5;
    String forged = alice.substring(0, at) + (alice.charAt(at) == 'A' ? 'B' : 'A') + alice.substring(at + 1);
    assertThat(login("203.0.113.51", forged, "alice", true, new ArrayList<>())).as("one character of the signature changed").isTrue();
    char last = alice.charAt(alice.length() - 1);
    String respelled = alice.substring(0, alice.length() - 1) + (char) (last ^ 1);
    assertThat(login("203.0.113.51", respelled, "alice", true, new ArrayList<>())).as("the same bytes spelled another way").isTrue();
    assertThat(login("203.0.113.51", "vigil_device=" + "A".repeat(54), "alice", true, new ArrayList<>())).as("made up").isTrue();
    assertThat(login("203.0.113.51", "vigil_device=%00" + "x".repeat(10_000), "alice", true, new ArrayList<>())).as("garbage").isTrue();
  }

  @Test
  void aStolenCookieIsNoPasswordOracleItStopsVouchingAfterFiveFailures() throws Exception {
    engine(ON);
    List<String> added = new ArrayList<>();
    login("198.51.100.7", null, "alice", true, added);
    String device = cookieOf(added);
    sprayAlice();
    for (int i = 0; i < 5; i++) { // the thief guesses from addresses of its own
      assertThat(login("203.0.113." + (60 + i), device, "alice", false, new ArrayList<>())).as("guess %d with the stolen cookie", i).isFalse();
    }
    assertThat(login("203.0.113.70", device, "alice", true, new ArrayList<>())).as("the cookie no longer vouches").isTrue();
  }

  @Test
  @org.junit.jupiter.api.Timeout(30)
  void parallelGuessesWithAStolenCookieGetFiveTriesNotOnePerThread() throws Exception {
    engine(ON);
    List<String> added = new ArrayList<>();
    login("198.51.100.7", null, "alice", true, added);
    String device = cookieOf(added);
    sprayAlice();
    int threads = 12;
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
    java.util.concurrent.CyclicBarrier checked = new java.util.concurrent.CyclicBarrier(threads);
    List<java.util.concurrent.Future<Boolean>> let = new ArrayList<>();
    try {
      for (int i = 0; i < threads; i++) {
        String ip = "203.0.113." + (80 + i);
        let.add(pool.submit(() -> {
          RequestContext request = request(ip, device, new ArrayList<>());
          engine.onRequest(request);
          boolean locked = engine.onLoginAttempt("spring-security", "alice", null, null);
          checked.await(); // every guess is in flight before any outcome: a slow password hash
          if (!locked) {
            engine.onLoginOutcome("spring-security", "alice", null, null, LoginResult.FAILURE);
          }
          engine.onResponse(request, 401, null);
          return !locked;
        }));
      }
      int through = 0;
      for (java.util.concurrent.Future<Boolean> f : let) {
        through += f.get() ? 1 : 0;
      }
      assertThat(through).as("guesses the stolen cookie let past the user lockout").isEqualTo(5);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theCookieExpiresAfterItsMaxAge() throws Exception {
    engine("login: { deviceCookies: { enabled: true, maxAge: 1d } }");
    List<String> added = new ArrayList<>();
    login("198.51.100.7", null, "alice", true, added);
    assertThat(added.get(0)).contains("Max-Age=86400").endsWith("; Secure");
    String device = cookieOf(added);
    ticker.advance(Duration.ofDays(1).plusSeconds(1));
    sprayAlice();
    assertThat(login("203.0.113.52", device, "alice", true, new ArrayList<>())).as("an expired cookie").isTrue();
  }

  @Test
  void offByDefaultNoCookieIsEverAdded() throws Exception {
    engine("rules: []");
    List<String> added = new ArrayList<>();
    login("198.51.100.7", null, "alice", true, added);
    assertThat(added).isEmpty();
  }
}
