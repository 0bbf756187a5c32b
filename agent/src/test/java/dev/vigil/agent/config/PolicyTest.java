package dev.vigil.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class PolicyTest {
  @Test
  void builtInDefaults() {
    Policy policy = Policy.builtIn();
    assertThat(policy.mode()).isEqualTo(Mode.ENFORCE);
    assertThat(policy.apiKeyHeader()).isNull();
    assertThat(policy.auditFile()).isNull();
    assertThat(policy.allow()).isEmpty();
    assertThat(policy.deny()).isEmpty();
    assertThat(policy.trustedProxies())
        .hasToString("[127.0.0.0/8, ::1/128, 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, fc00::/7, 169.254.0.0/16, fe80::/10]");
    assertThat(policy.state().maxKeysPerRule()).isEqualTo(100_000);
    assertThat(policy.state().maxThrottledKeysPerRule()).isEqualTo(10_000);
    assertThat(policy.state().idleExpiry()).isEqualTo(Duration.ofMinutes(10));
    Rule rule = policy.rules().get(0);
    assertThat(rule.rate().perSecond()).isEqualTo(50.0);
    assertThat(rule.burst()).isEqualTo(100);
    assertThat(rule.key()).isEqualTo(KeyType.IP);
    assertThat(rule.staticAssets()).as("a page's stylesheets, scripts and images do not spend it").isEqualTo(StaticAssets.EXCLUDE);
    Rule assets = policy.rules().get(1);
    assertThat(assets.staticAssets()).isEqualTo(StaticAssets.ONLY);
    assertThat(assets.rate().perSecond()).isEqualTo(500.0);
    assertThat(policy.describe())
        .isEqualTo("5 rule(s): default-per-ip 50/s burst 100 by ip except static assets, default-static-per-ip 500/s burst 1000 by ip static assets only,"
            + " default-sign-up-and-reset-per-ip 10/h burst 10 by ip on [/**/signup, /**/sign-up, +9 more] POST,"
            + " default-sign-up-and-reset-per-subnet 30/h burst 30 by subnet on [/**/signup, /**/sign-up, +9 more] POST,"
            + " default-sign-up-and-reset-per-fingerprint 100/h burst 100 by fingerprint on [/**/signup, /**/sign-up, +9 more] POST (monitor);"
            + " 0 deny, 0 allow; client from X-Forwarded-For via 8 trusted proxy network(s);"
            + " detectors: scan, enumeration, under-attack, account-takeover (monitor)");
    assertThat(policy.rules().subList(2, 5)).extracting(Rule::key).containsExactly(KeyType.IP, KeyType.SUBNET, KeyType.FINGERPRINT);
  }

  @Test
  void describeMentionsRoutesMethodsModeAndAudit() throws Exception {
    Policy policy =
        PolicyLoader.parse(
            Path.of("/p.yaml"),
            "apiKeyHeader: X-API-Key\nclientIpHeader: Forwarded\ntrustedProxies: [10.0.0.0/8]\ndeny: [203.0.113.0/24]\naudit: {file: /tmp/a.jsonl}\nrules:\n"
                + "  - {name: api, routes: ['/api/**'], methods: [GET], key: apikey, rate: 20/s, burst: 40, mode: monitor}\n"
                + "  - {name: login, routes: [/login], rate: 5/m}\n"
                + "detectors: {scan: {action: block}, enumeration: {action: off}, underAttack: {action: monitor}}\n");
    assertThat(policy.describe())
        .isEqualTo("2 rule(s): api 20/s burst 40 by apikey on [/api/**] GET (monitor), login 5/m burst 1 by ip on [/login]; 1 deny, 0 allow;"
            + " client from Forwarded via 1 trusted proxy network(s); detectors: scan (block), under-attack (monitor), account-takeover (monitor);"
            + " audit /tmp/a.jsonl");
  }

  @Test
  void globalMonitorWinsOverRuleEnforce() {
    Rule enforcing = new Rule("r", List.of(), List.of(), KeyType.IP, Rate.parse("1/s"), 1, Mode.ENFORCE);
    assertThat(enforcing.effectiveMode(Mode.MONITOR)).isEqualTo(Mode.MONITOR);
    Rule monitoring = new Rule("r", List.of(), List.of(), KeyType.IP, Rate.parse("1/s"), 1, Mode.MONITOR);
    assertThat(monitoring.effectiveMode(Mode.ENFORCE)).isEqualTo(Mode.MONITOR);
    Rule inheriting = new Rule("r", List.of(), List.of(), KeyType.IP, Rate.parse("1/s"), 1, null);
    assertThat(inheriting.effectiveMode(Mode.ENFORCE)).isEqualTo(Mode.ENFORCE);
  }

  @Test
  void overridesForDefaultsAreLenient() {
    Properties properties = new Properties();
    properties.setProperty("vigil.mode", "MONITOR");
    properties.setProperty("vigil.audit.file", "/tmp/vigil-audit.jsonl");
    Policy policy = PolicyOverrides.applyOrWarn(Policy.builtIn(), properties);
    assertThat(policy.mode()).isEqualTo(Mode.MONITOR);
    assertThat(policy.auditFile()).isEqualTo(Path.of("/tmp/vigil-audit.jsonl"));

    properties.setProperty("vigil.mode", "loud");
    Policy kept = PolicyOverrides.applyOrWarn(Policy.builtIn(), properties);
    assertThat(kept.mode()).isEqualTo(Mode.ENFORCE);
    assertThat(kept.auditFile()).isEqualTo(Path.of("/tmp/vigil-audit.jsonl"));
  }

  @Test
  void rates() {
    assertThat(Rate.parse("20/s").perSecond()).isEqualTo(20.0);
    assertThat(Rate.parse("120/m").perSecond()).isEqualTo(2.0);
    assertThat(Rate.parse("3600/h").perSecond()).isEqualTo(1.0);
    assertThat(Rate.parse("0.5/s").defaultBurst()).isEqualTo(1);
    assertThat(Rate.parse("2.5/s").defaultBurst()).isEqualTo(3);
    assertThat(Rate.parse(" 10 / S ").toString()).isEqualTo("10/S");
  }
}
