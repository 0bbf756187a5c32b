package dev.vigil.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.FakeTicker;
import dev.vigil.agent.caller.ApiKeyHasher;
import dev.vigil.agent.config.PolicyLoader;
import dev.vigil.bootstrap.Decision;
import dev.vigil.bootstrap.LoginResult;
import dev.vigil.bootstrap.RequestContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Login attempts in flight, as the advice drives the engine: per request thread, route and hooks together. */
class LoginInFlightEngineTest {
  private static final String ROUTE = "login: { routes: [ { path: /login, usernameParameter: user } ] }";
  @TempDir Path dir;
  private final FakeTicker ticker = new FakeTicker();
  private Engine engine;

  @AfterEach
  void close() {
    engine.close();
  }

  private void engine(String... yaml) throws Exception {
    Path file = dir.resolve("vigil.yaml");
    Files.writeString(file, String.join("\n", yaml) + "\n");
    engine = Engine.create(PolicyLoader.load(file, new Properties()), ticker, Clock.systemUTC(), new ApiKeyHasher("k".getBytes(StandardCharsets.UTF_8)));
  }

  private static RequestContext loginRequest(String ip, String user) {
    LoginRouteEngineTest.FormRequest form = Map.of("user", user)::get;
    return new RequestContext("test", "POST", "/login", ip, null, null, null, null, form, null);
  }

  /** One POST /login answered {@code appStatus} by the app; true when it reached the app. */
  private boolean login(String ip, String user, int appStatus) {
    RequestContext facts = loginRequest(ip, user);
    if (engine.onRequest(facts).blocks()) {
      return false;
    }
    engine.onResponse(facts, appStatus, null);
    return true;
  }

  @Test
  @Timeout(30)
  void aBurstOfConcurrentWrongPasswordsReachesTheAppExactlyThresholdTimes() throws Exception {
    engine("rules: []", ROUTE);
    int n = 30;
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CyclicBarrier start = new CyclicBarrier(n);
    CountDownLatch decided = new CountDownLatch(n);
    try {
      List<Future<Decision>> results = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        results.add(pool.submit(() -> {
          start.await(10, TimeUnit.SECONDS);
          RequestContext facts = loginRequest("203.0.113.40", "alice");
          Decision decision = engine.onRequest(facts);
          decided.countDown();
          if (!decision.blocks()) {
            decided.await(10, TimeUnit.SECONDS); // every attempt is in flight at once, like slow password checks
            engine.onResponse(facts, 401, null);
          }
          return decision;
        }));
      }
      int reachedApp = 0;
      for (Future<Decision> result : results) {
        Decision decision = result.get(20, TimeUnit.SECONDS);
        if (decision.blocks()) {
          // a login route judges by source on the way in (its form is read once the app has answered)
          assertThat(decision.rule()).isEqualTo("ip");
          assertThat(decision.retryAfterSeconds()).as("refused while the others are in flight").isEqualTo(1);
        } else {
          reachedApp++;
        }
      }
      assertThat(reachedApp).as("the address threshold").isEqualTo(20);
    } finally {
      pool.shutdownNow();
    }
    assertThat(login("203.0.113.40", "alice", 200)).as("locked now").isFalse();
  }

  @Test
  void aRouteAndAHookInsideTheRequestShareOnePlaceSoEveryAttemptUpToTheThresholdIsChecked() throws Exception {
    engine("rules: []", ROUTE);
    for (int i = 1; i <= 5; i++) {
      RequestContext facts = loginRequest("203.0.113.41", "erin");
      assertThat(engine.onRequest(facts).blocks()).as("attempt %d, route", i).isFalse();
      assertThat(engine.onLoginAttempt("spring-security", "erin", null, null)).as("attempt %d, hook", i).isFalse();
      engine.onLoginOutcome("spring-security", "erin", null, null, LoginResult.FAILURE);
      engine.onResponse(facts, 302, "/login?error");
    }
    RequestContext sixth = loginRequest("203.0.113.41", "erin");
    assertThat(engine.onRequest(sixth).blocks()).as("the route judges the source: still under its threshold").isFalse();
    assertThat(engine.onLoginAttempt("spring-security", "erin", null, null)).as("the hook knows the username: locked").isTrue();
    engine.onResponse(sixth, 302, "/login?error");
    // the refused attempt was not counted again on the way out: the address has 5 failures, not 6
    for (int i = 6; i <= 20; i++) {
      assertThat(login("203.0.113.41", "someone" + (i % 3), 401)).as("route attempt %d", i).isTrue();
    }
    assertThat(login("203.0.113.41", "someone", 401)).as("20 failures from the address").isFalse();
  }

  @Test
  void aHookOnlyFailureDoesNotHideTheNextRouteAttemptOnTheSameThread() throws Exception {
    engine("rules: []", ROUTE);
    for (int round = 1; round <= 2; round++) {
      // Tomcat's authenticator: the realm fails ahead of any servlet and the server answers 401 itself
      assertThat(engine.onLoginAttempt("tomcat-realm", "frank", "203.0.113.42", null)).isFalse();
      engine.onLoginOutcome("tomcat-realm", "frank", "203.0.113.42", null, LoginResult.FAILURE);
      assertThat(login("203.0.113.42", "frank", 401)).as("round %d: the form attempt", round).isTrue();
    }
    assertThat(login("203.0.113.42", "frank", 401)).as("the 5th failure").isTrue();
    assertThat(engine.onLoginAttempt("tomcat-realm", "frank", "203.0.113.42", null)).as("4 counted before it: locked now").isTrue();
  }

  @Test
  void aSuccessfulHookAheadOfTheServletIsCountedOnceWithTheRouteOfItsRequest() throws Exception {
    engine("rules: []", ROUTE);
    for (int i = 0; i < 4; i++) {
      login("203.0.113.43", "gina", 401);
    }
    // the realm lets gina in ahead of the servlet, then the same request reaches the login route
    assertThat(engine.onLoginAttempt("tomcat-realm", "gina", "203.0.113.43", null)).isFalse();
    engine.onLoginOutcome("tomcat-realm", "gina", "203.0.113.43", null, LoginResult.SUCCESS);
    assertThat(login("203.0.113.43", "gina", 200)).isTrue();
    for (int i = 1; i <= 4; i++) {
      assertThat(login("203.0.113.43", "gina", 401)).as("the success reset the count: attempt %d", i).isTrue();
    }
    assertThat(engine.onLoginAttempt("tomcat-realm", "gina", "203.0.113.43", null)).as("4 failures since the success").isFalse();
    engine.onLoginOutcome("tomcat-realm", "gina", "203.0.113.43", null, LoginResult.FAILURE);
    assertThat(engine.onLoginAttempt("tomcat-realm", "gina", "203.0.113.43", null)).as("the 5th locked user+address").isTrue();
  }

  @Test
  void anAttemptRefusedByARateLimitAfterItsRouteCheckGivesItsPlaceBack() throws Exception {
    engine("rules: [ { name: slow, routes: [/login], rate: 1/s, burst: 1 } ]", ROUTE);
    assertThat(login("203.0.113.44", "hank", 401)).isTrue();
    for (int i = 0; i < 10; i++) {
      // each on its own thread, as on a server's pool: no later request on that thread tidies up after it
      boolean[] reached = new boolean[1];
      Thread thread = new Thread(() -> reached[0] = login("203.0.113.44", "hank", 401));
      thread.start();
      thread.join(10_000);
      assertThat(reached[0]).as("throttled by the rate rule").isFalse();
    }
    ticker.advance(Duration.ofSeconds(1)); // well within the places' lapse time
    assertThat(login("203.0.113.44", "hank", 401)).as("no place leaked by the throttled attempts").isTrue();
  }
}
