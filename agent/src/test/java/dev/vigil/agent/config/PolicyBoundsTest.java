package dev.vigil.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.agent.FakeTicker;
import dev.vigil.agent.engine.Engine;
import dev.vigil.bootstrap.Decision;
import dev.vigil.bootstrap.RequestContext;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Values far past anything sensible: each is a one-line error naming its place, or works. */
class PolicyBoundsTest {
  private static final Path FILE = Path.of("/etc/vigil.yaml");

  private static Policy parse(String... lines) throws InvalidPolicyException {
    return PolicyLoader.parse(FILE, String.join("\n", lines) + "\n");
  }

  @Test
  void aDurationPastAYearIsAnErrorAtItsPlace() {
    assertThatThrownBy(() -> parse("state:", "  idleExpiry: 300000d"))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessage("invalid policy /etc/vigil.yaml line 2 column 15: state.idleExpiry: duration must be at most 365d, got '300000d'");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "state: { idleExpiry: 366d }                                  | state.idleExpiry",
    "state: { idleExpiry: 8761h }                                 | state.idleExpiry",
    "state: { idleExpiry: 31536000001ms }                         | state.idleExpiry",
    "state: { idleExpiry: 99999999999999999999999s }              | state.idleExpiry",
    "login: { userIp: { cap: 400d } }                             | login.userIp.cap",
    "login: { ip: { jitter: 1000d } }                             | login.ip.jitter",
    "login: { user: { window: 9999999d } }                        | login.user.window",
    "login: { subnet: { lockout: 525601m } }                      | login.subnet.lockout",
    "login: { knownSourcePeriod: 36500d }                         | login.knownSourcePeriod",
    "login: { backoffReset: 100000h }                             | login.backoffReset",
    "login: { stuffing: { window: 1000d } }                       | login.stuffing.window",
  })
  void everyDurationFieldHasTheSameBound(String yaml, String field) {
    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageContaining(field + ": duration must be at most 365d")
        .hasMessageContaining(" line 1 column ")
        .hasMessageNotContaining("\n");
  }

  @Test
  void aYearIsAllowedAndWorks() throws Exception {
    Policy policy = parse(
        "state: { idleExpiry: 365d }",
        "login: { userIp: { window: 365d, lockout: 365d, cap: 365d, jitter: 365d, multiplier: 100 }, knownSourcePeriod: 365d, backoffReset: 365d }");
    assertThat(policy.state().idleExpiry()).isEqualTo(Duration.ofDays(365));
    assertThat(engineServes(policy)).isTrue();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "rate: 1/s, burst: 99999999999         | rules[0].burst: must be at most 1000000000, got '99999999999'",
    "rate: 0.00000001/h                   | rules[0].rate: must be at least one per 365d, got '0.00000001/h'",
    "rate: 1e400/s                        | rules[0].rate: expected N/s, N/m or N/h (e.g. 20/s), got '1e400/s'",
  })
  void rateAndBurstPastTheirBoundsAreOneLineErrors(String values, String problem) {
    assertThatThrownBy(() -> parse("rules:", "  - { name: r, " + values + " }"))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageStartingWith("invalid policy /etc/vigil.yaml line 2 column ")
        .hasMessageEndingWith(problem);
  }

  @Test
  void hugeRatesBurstsAndTablesWork() throws Exception {
    Policy policy = parse(
        "state: { maxKeysPerRule: 2147483647, idleExpiry: 365d }",
        "login: { maxTrackedKeys: 2147483647 }",
        "rules:",
        "  - { name: fast, rate: 1000000000000/s, burst: 1000000000 }",
        "  - { name: slow, rate: 1/h, burst: 1000000000 }",
        "  - { name: slowest, rate: 0.0002/h }");
    assertThat(engineServes(policy)).isTrue();
  }

  @Test
  void aRoutePatternOfMoreThanSixtyThreeSegmentsIsAnErrorAtItsPlace() {
    String tooLong = "/a".repeat(64);
    assertThatThrownBy(() -> parse("rules:", "  - { name: r, rate: 1/s, routes: [\"" + tooLong + "\"] }"))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageStartingWith("invalid policy /etc/vigil.yaml line 2 column ")
        .hasMessageContaining("rules[0].routes[0]: a route pattern has at most 63 segments");
    assertThatThrownBy(() -> parse("login:", "  routes:", "    - { path: \"" + tooLong + "\" }"))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageStartingWith("invalid policy /etc/vigil.yaml line 3 column ")
        .hasMessageContaining("login.routes[0].path: a route pattern has at most 63 segments");
  }

  @Test
  void maxKeysPastAnIntIsAnError() {
    assertThatThrownBy(() -> parse("state: { maxKeysPerRule: 99999999999 }"))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageEndingWith("state.maxKeysPerRule: must be at most 2147483647, got '99999999999'");
  }

  /** The engine builds from the policy and lets a first request through. */
  private static boolean engineServes(Policy policy) {
    Engine engine = Engine.create(policy, new FakeTicker(), Clock.systemUTC());
    try {
      RequestContext facts = new RequestContext("test", "GET", "/x", "198.51.100.7", null, null, null, "test/1.0");
      return engine.onRequest(facts) == Decision.ALLOW;
    } finally {
      engine.close();
    }
  }
}
