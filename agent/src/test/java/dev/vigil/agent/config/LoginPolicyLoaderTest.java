package dev.vigil.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.login.LockoutSettings;
import dev.vigil.agent.login.LoginPolicy;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoginPolicyLoaderTest {
  private static final Path FILE = Path.of("/etc/vigil.yaml");

  private static Policy parse(String... lines) throws InvalidPolicyException {
    return PolicyLoader.parse(FILE, String.join("\n", lines) + "\n");
  }

  private static String error(String... lines) {
    try {
      Policy policy = parse(lines);
      throw new AssertionError("expected an invalid policy, got " + policy);
    } catch (InvalidPolicyException e) {
      assertThat(e.getMessage()).doesNotContain("\n").startsWith("invalid policy " + FILE + " line ");
      return e.getMessage();
    }
  }

  @Test
  void noFileAndNoSectionMeanLoginProtectionOnWithDefaults() throws Exception {
    LoginPolicy login = parse("mode: enforce").login();
    assertThat(login.enforced()).isNull();
    assertThat(login.userIp()).hasToString(LoginPolicy.defaults().userIp().toString());
    assertThat(login.userIp().threshold()).isEqualTo(5);
    assertThat(login.ip().lockout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(login.user().cap()).isEqualTo(Duration.ofMinutes(15));
    assertThat(login.stuffing().distinctUsernamesPerIp()).isEqualTo(10);
    assertThat(login.knownSourcePeriod()).isEqualTo(Duration.ofDays(30));
    assertThat(Policy.builtIn().login().maxTrackedKeys()).isEqualTo(100_000);
    assertThat(Policy.builtIn().login().maxLockedKeys()).isEqualTo(10_000);
    assertThat(Policy.builtIn().loginMode()).isEqualTo(Mode.ENFORCE);
  }

  @Test
  void fullSectionLoads() throws Exception {
    Policy policy =
        parse(
            "login:",
            "  mode: monitor",
            "  userIp:  { threshold: 3,  window: 5m, lockout: 30s, multiplier: 1.5, cap: 20m, jitter: 0s }",
            "  ip:      { threshold: 40, window: 10m, lockout: 5m, multiplier: 2, cap: 6h, jitter: 30s }",
            "  subnet:  { threshold: 200 }",
            "  user:",
            "    threshold: 50",
            "    window: 2h",
            "  knownSourcePeriod: 14d",
            "  backoffReset: 6h",
            "  stuffing: { distinctUsernamesPerIp: 8, distinctUsernamesPerSubnet: 40, window: 15m }",
            "  maxTrackedKeys: 5000",
            "  maxLockedKeys: 700");
    LoginPolicy login = policy.login();
    assertThat(policy.loginMode()).isEqualTo(Mode.MONITOR);
    LockoutSettings userIp = login.userIp();
    assertThat(userIp.threshold()).isEqualTo(3);
    assertThat(userIp.window()).isEqualTo(Duration.ofMinutes(5));
    assertThat(userIp.lockout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(userIp.multiplier()).isEqualTo(1.5);
    assertThat(userIp.cap()).isEqualTo(Duration.ofMinutes(20));
    assertThat(userIp.jitter()).isEqualTo(Duration.ZERO);
    assertThat(login.ip().threshold()).isEqualTo(40);
    assertThat(login.subnet().threshold()).isEqualTo(200);
    assertThat(login.subnet().lockout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(login.user().threshold()).isEqualTo(50);
    assertThat(login.user().window()).isEqualTo(Duration.ofHours(2));
    assertThat(login.user().lockout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(login.knownSourcePeriod()).isEqualTo(Duration.ofDays(14));
    assertThat(login.backoffReset()).isEqualTo(Duration.ofHours(6));
    assertThat(login.stuffing().distinctUsernamesPerIp()).isEqualTo(8);
    assertThat(login.stuffing().distinctUsernamesPerSubnet()).isEqualTo(40);
    assertThat(login.stuffing().window()).isEqualTo(Duration.ofMinutes(15));
    assertThat(login.maxTrackedKeys()).isEqualTo(5000);
    assertThat(login.maxLockedKeys()).isEqualTo(700);
  }

  @Test
  void smallTablesGetAProtectedSegmentNoLargerThanThemselves() throws Exception {
    Policy policy = parse("state: { maxKeysPerRule: 50 }", "login:", "  maxTrackedKeys: 40");
    assertThat(policy.state().maxThrottledKeysPerRule()).isEqualTo(50);
    assertThat(policy.login().maxLockedKeys()).isEqualTo(40);
  }

  @Test
  void globalMonitorWinsOverLoginEnforce() throws Exception {
    assertThat(parse("mode: monitor", "login: { mode: enforce }").loginMode()).isEqualTo(Mode.MONITOR);
    assertThat(parse("mode: enforce", "login: { mode: monitor }").loginMode()).isEqualTo(Mode.MONITOR);
    assertThat(parse("mode: enforce", "login: {}").loginMode()).isEqualTo(Mode.ENFORCE);
  }

  @Test
  void longerLockoutWithoutCapMeansNoGrowth() throws Exception {
    LockoutSettings user = parse("login:", "  user: { lockout: 1h }").login().user();
    assertThat(user.cap()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void unknownFieldsAreNamedWithTheirLine() {
    assertThat(error("login:", "  userIp:", "    threshold: 5", "    bantime: 10m"))
        .contains("line 4")
        .contains("login.userIp.bantime: unknown field 'bantime'")
        .contains("expected one of:");
    assertThat(error("login:", "  lockout: 5m")).contains("line 2").contains("login.lockout: unknown field 'lockout'");
    assertThat(error("login:", "  userIp: { start: 1 }")).contains("login.userIp.start: unknown field 'start'");
    assertThat(error("login:", "  stuffing: { distinctUsernames: 5 }")).contains("login.stuffing.distinctUsernames: unknown field");
  }

  @Test
  void stuffingRatioThresholdsLoadAndDefault() throws Exception {
    assertThat(parse("mode: enforce").login().stuffing().failureRatio()).isEqualTo(0.9);
    assertThat(parse("mode: enforce").login().stuffing().unknownUserRatio()).isEqualTo(0.5);
    assertThat(parse("mode: enforce").login().stuffing().ratioMinAttempts()).isEqualTo(20);
    var stuffing = parse("login:", "  stuffing: { ratioMinAttempts: 30, failureRatio: 0.8, unknownUserRatio: 1 }").login().stuffing();
    assertThat(stuffing.ratioMinAttempts()).isEqualTo(30);
    assertThat(stuffing.failureRatio()).isEqualTo(0.8);
    assertThat(stuffing.unknownUserRatio()).isEqualTo(1.0);
    assertThat(stuffing.distinctUsernamesPerIp()).as("untouched").isEqualTo(10);
    assertThat(error("login:", "  stuffing:", "    failureRatio: 1.5")).contains("line 3").contains("login.stuffing.failureRatio: must be above 0 and at most 1");
    assertThat(error("login:", "  stuffing: { unknownUserRatio: half }")).contains("login.stuffing.unknownUserRatio: expected a ratio such as 0.9");
    assertThat(error("login:", "  stuffing: { ratioMinAttempts: 0 }")).contains("login.stuffing.ratioMinAttempts");
  }

  @Test
  void badValuesAreNamedWithTheirLineAndColumn() {
    assertThat(error("login:", "  userIp: { threshold: 0 }"))
        .isEqualTo("invalid policy /etc/vigil.yaml line 2 column 24: login.userIp.threshold: must be at least 1, got '0'");
    assertThat(error("login:", "  ip:", "    window: 10 minutes")).contains("line 3").contains("login.ip.window: expected a duration");
    assertThat(error("login:", "  ip: { multiplier: 0.5 }")).contains("login.ip.multiplier: must be between 1 and 100");
    assertThat(error("login:", "  ip: { multiplier: twice }")).contains("login.ip.multiplier: expected a number");
    assertThat(error("login:", "  user: { jitter: -1s }")).contains("login.user.jitter: expected a duration");
    assertThat(error("login:", "  user: { lockout: 0s }")).contains("login.user.lockout: duration must be positive");
    assertThat(error("login:", "  mode: loud")).contains("login.mode: must be enforce or monitor");
    assertThat(error("login:", "  stuffing: { distinctUsernamesPerIp: 20000 }")).contains("login.stuffing.distinctUsernamesPerIp: must be at most 10000");
    assertThat(error("login:", "  maxTrackedKeys: lots")).contains("login.maxTrackedKeys: expected a whole number");
    assertThat(error("login:", "  maxLockedKeys: 0")).isEqualTo("invalid policy /etc/vigil.yaml line 2 column 18: login.maxLockedKeys: must be at least 1, got '0'");
    assertThat(error("login:", "  user: 5")).contains("line 2").contains("login.user: expected a mapping");
    assertThat(error("login:", "  knownSourcePeriod:")).contains("login.knownSourcePeriod: missing value");
  }

  @Test
  void capShorterThanLockoutIsNamedAtTheScopeLine() {
    assertThat(error("mode: enforce", "login:", "  subnet: { lockout: 1h, cap: 10m }"))
        .isEqualTo("invalid policy /etc/vigil.yaml line 3 column 11: login.subnet: cap must not be shorter than lockout");
  }
}
