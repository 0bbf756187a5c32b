package dev.vigil.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.agent.caller.ForwardingHeader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyLoaderTest {
  private static final Path FILE = Path.of("/etc/vigil.yaml");

  @TempDir Path dir;

  private static String yaml(String... lines) {
    return String.join("\n", lines) + "\n";
  }

  private static Policy parse(String... lines) throws InvalidPolicyException {
    return PolicyLoader.parse(FILE, yaml(lines));
  }

  private static InvalidPolicyException error(String... lines) {
    try {
      Policy policy = parse(lines);
      throw new AssertionError("expected an invalid policy, got " + policy);
    } catch (InvalidPolicyException e) {
      assertThat(e.getMessage()).doesNotContain("\n").startsWith("invalid policy " + FILE + " line ");
      return e;
    }
  }

  @Test
  void fullExampleLoads() throws Exception {
    Policy policy =
        parse(
            "mode: monitor",
            "trustedProxies: [127.0.0.0/8, 10.0.0.0/8]",
            "apiKeyHeader: X-API-Key",
            "allow: [192.0.2.0/24]",
            "deny: [203.0.113.0/24, '2001:db8::/32']",
            "state: { maxKeysPerRule: 5000, maxThrottledKeysPerRule: 20000, idleExpiry: 90s }",
            "audit: { file: /var/log/vigil-audit.jsonl }",
            "rules:",
            "  - name: api-per-key",
            "    routes: [\"/api/**\"]",
            "    methods: [get, POST]",
            "    key: apikey",
            "    rate: 20/s",
            "    burst: 40",
            "    mode: enforce",
            "  - name: slow",
            "    rate: 90/m");
    assertThat(policy.mode()).isEqualTo(Mode.MONITOR);
    assertThat(policy.trustedProxies()).hasToString("[127.0.0.0/8, 10.0.0.0/8]");
    assertThat(policy.apiKeyHeader()).isEqualTo("X-API-Key");
    assertThat(policy.allow()).hasToString("[192.0.2.0/24]");
    assertThat(policy.deny()).hasToString("[203.0.113.0/24, 2001:db8::/32]");
    assertThat(policy.state().maxKeysPerRule()).isEqualTo(5000);
    assertThat(policy.state().maxThrottledKeysPerRule()).as("may exceed maxKeysPerRule when written").isEqualTo(20000);
    assertThat(policy.state().idleExpiry()).isEqualTo(Duration.ofSeconds(90));
    assertThat(policy.auditFile()).isEqualTo(Path.of("/var/log/vigil-audit.jsonl"));
    assertThat(policy.rules()).hasSize(2);
    Rule api = policy.rules().get(0);
    assertThat(api.methods()).containsExactly("GET", "POST");
    assertThat(api.key()).isEqualTo(KeyType.APIKEY);
    assertThat(api.rate().perSecond()).isEqualTo(20.0);
    assertThat(api.burst()).isEqualTo(40);
    assertThat(api.mode()).isEqualTo(Mode.ENFORCE);
    Rule slow = policy.rules().get(1);
    assertThat(slow.key()).isEqualTo(KeyType.IP);
    assertThat(slow.rate().perSecond()).isEqualTo(1.5);
    assertThat(slow.burst()).isEqualTo(2);
    assertThat(slow.routes()).isEmpty();
    assertThat(slow.mode()).isNull();
  }

  @Test
  void emptyOrCommentOnlyFileMeansDefaults() throws Exception {
    assertThat(PolicyLoader.parse(FILE, "").describe()).isEqualTo(Policy.builtIn().describe());
    assertThat(PolicyLoader.parse(FILE, "# nothing yet\n\n").describe()).isEqualTo(Policy.builtIn().describe());
    assertThat(PolicyLoader.parse(FILE, "---\n").describe()).isEqualTo(Policy.builtIn().describe());
  }

  @Test
  void absentRulesMeanTheDefaultRulesAndAnEmptyListMeansNone() throws Exception {
    assertThat(parse("mode: monitor").rules()).extracting(Rule::name)
        .containsExactly(
            "default-per-ip", "default-static-per-ip", "default-sign-up-and-reset-per-ip", "default-sign-up-and-reset-per-subnet",
            "default-sign-up-and-reset-per-fingerprint");
    assertThat(parse("rules: []").rules()).isEmpty();
    assertThat(parse("trustedProxies: []").trustedProxies()).isEmpty();
    assertThat(parse("mode: enforce").trustedProxies()).hasSize(Policy.DEFAULT_TRUSTED_PROXIES.size());
  }

  @Test
  void aRuleMaySayWhatItDoesWithStaticAssets() throws Exception {
    Policy policy = parse("rules:\n  - name: pages\n    rate: 5/s\n    staticAssets: exclude\n  - name: all\n    rate: 5/s\n");
    assertThat(policy.rules()).extracting(Rule::staticAssets).containsExactly(StaticAssets.EXCLUDE, StaticAssets.INCLUDE);
    assertThat(error("rules:", "  - name: r", "    rate: 5/s", "    staticAssets: sometimes").getMessage())
        .contains("line 4").contains("staticAssets").contains("exclude");
  }

  @Test
  void unknownFieldIsNamedWithItsLine() {
    InvalidPolicyException e = error("mode: enforce", "rules:", "  - name: a", "    rate: 1/s", "    limit: 5");
    assertThat(e.getMessage()).contains("line 5 column ").contains("rules[0].limit").contains("unknown field 'limit'").contains("rate");
    assertThat(e.line()).isEqualTo(5);
    assertThat(e.field()).isEqualTo("rules[0].limit");
  }

  @Test
  void telemetrySectionSetsRequestSpansAndHashedUsers() throws Exception {
    assertThat(parse("mode: enforce").telemetry().requestSpans()).isFalse();
    assertThat(parse("mode: enforce").telemetry().users()).isEqualTo(TelemetrySettings.UserIdentity.ID);
    Policy policy = parse("telemetry:", "  requestSpans: true", "  users: hash");
    assertThat(policy.telemetry().requestSpans()).isTrue();
    assertThat(policy.telemetry().users()).isEqualTo(TelemetrySettings.UserIdentity.HASH);
    assertThat(policy.withMode(Mode.MONITOR).telemetry().users()).isEqualTo(TelemetrySettings.UserIdentity.HASH);
    assertThat(error("telemetry:", "  users: email").getMessage()).contains("line 2 column").contains("telemetry.users").contains("id or hash");
  }

  @Test
  void clientIpHeaderNamesTheOneForwardingHeaderBelieved() throws Exception {
    assertThat(parse("mode: enforce").clientIpHeader().name()).isEqualTo("X-Forwarded-For");
    assertThat(parse("clientIpHeader: Forwarded").clientIpHeader().format()).isEqualTo(ForwardingHeader.Format.RFC_7239);
    assertThat(parse("clientIpHeader: X-Real-IP").clientIpHeader().format()).isEqualTo(ForwardingHeader.Format.SINGLE_ADDRESS);
    assertThat(parse("clientIpHeader: CF-Connecting-IP").withMode(Mode.MONITOR).clientIpHeader().name()).isEqualTo("CF-Connecting-IP");
    assertThat(error("mode: enforce", "clientIpHeader: \"X Forwarded For\"").getMessage())
        .contains("line 2 column").contains("clientIpHeader: must be an HTTP header name");
  }

  @Test
  void anUnquotedIpv6NetworkInAListSaysToQuoteIt() throws Exception {
    assertThat(error("trustedProxies: [127.0.0.0/8, ::1/128]").getMessage())
        .contains("line 1").contains("trustedProxies").contains("an IPv6 address inside [...] needs quotes");
    assertThat(PolicyLoader.parse(FILE, "trustedProxies: [127.0.0.0/8, \"::1/128\"]").trustedProxies()).hasSize(2);
  }

  @Test
  void unknownTopLevelField() {
    InvalidPolicyException e = error("mode: enforce", "trustedProxy: [10.0.0.0/8]");
    assertThat(e.getMessage()).contains("line 2 column ").contains(": trustedProxy: unknown field 'trustedProxy'; expected one of: allow, apiKeyHeader, audit");
  }

  @Test
  void badCidr() {
    InvalidPolicyException e = error("allow:", "  - 10.0.0.0/8", "  - 10.0.0.300/8");
    assertThat(e.getMessage()).contains("line 3 column 5: allow[1]: not an IP address or CIDR").contains("got '10.0.0.300/8'");
    assertThat(error("deny: [10.0.0.0/33]").getMessage()).contains("line 1").contains("deny[0]").contains("prefix length");
    assertThat(error("trustedProxies: [example.com]").getMessage()).contains("trustedProxies[0]");
  }

  @Test
  void negativeOrZeroRate() {
    InvalidPolicyException e = error("rules:", "  - name: a", "    rate: -5/s");
    assertThat(e.getMessage()).isEqualTo("invalid policy /etc/vigil.yaml line 3 column 11: rules[0].rate: must be positive, got '-5/s'");
    assertThat(error("rules:", "  - name: a", "    rate: 0/m").getMessage()).contains("line 3").contains("rules[0].rate: must be positive");
    assertThat(error("rules:", "  - name: a", "    rate: 5/day").getMessage()).contains("rules[0].rate: unit must be s, m or h");
    assertThat(error("rules:", "  - name: a", "    rate: 5").getMessage()).contains("rules[0].rate: expected N/s");
  }

  @Test
  void badBurst() {
    assertThat(error("rules:", "  - name: a", "    rate: 5/s", "    burst: 0").getMessage())
        .contains("line 4 column 12: rules[0].burst: must be at least 1, got '0'");
    assertThat(error("rules:", "  - name: a", "    rate: 5/s", "    burst: lots").getMessage()).contains("rules[0].burst: expected a whole number");
  }

  @Test
  void badDuration() {
    InvalidPolicyException e = error("state:", "  idleExpiry: 10 minutes");
    assertThat(e.getMessage()).contains("line 2 column 15: state.idleExpiry: expected a duration").contains("got '10 minutes'");
    assertThat(error("state: { idleExpiry: 0s }").getMessage()).contains("state.idleExpiry: duration must be positive");
    assertThat(error("state: { maxKeysPerRule: -1 }").getMessage()).contains("state.maxKeysPerRule: must be at least 1");
    assertThat(error("state: { maxThrottledKeysPerRule: 0 }").getMessage()).contains("line 1 column 35: state.maxThrottledKeysPerRule: must be at least 1, got '0'");
    assertThat(error("state: { maxThrottledKeysPerRule: many }").getMessage()).contains("state.maxThrottledKeysPerRule: expected a whole number");
  }

  @Test
  void yamlSyntaxError() {
    InvalidPolicyException e = error("mode: enforce", "rules:", "  - name: a", "    rate: 1/s: 2", "audit: x");
    assertThat(e.getMessage()).contains("line 4").contains("YAML syntax error");
    InvalidPolicyException quote = error("mode: enforce", "apiKeyHeader: \"X-Key", "rules: []");
    assertThat(quote.getMessage()).contains("YAML syntax error");
    InvalidPolicyException indent = error("mode: enforce", "rules:", "  - name: a", "   rate: 1/s");
    assertThat(indent.getMessage()).contains("line 3").contains("rules[0].rate: missing required field");
    InvalidPolicyException tab = error("mode: enforce", "\trules: []");
    assertThat(tab.getMessage()).contains("line 2");
  }

  @Test
  void duplicateKeyIsAnError() {
    InvalidPolicyException e = error("mode: enforce", "mode: monitor");
    assertThat(e.getMessage()).contains("line 2").contains("duplicate field 'mode'");
  }

  @Test
  void wrongType() {
    assertThat(error("rules: default-per-ip").getMessage()).contains("line 1 column 8: rules: expected a list of rules, got 'default-per-ip'");
    assertThat(error("allow: 10.0.0.0/8").getMessage()).contains("line 1").contains("allow: expected a list");
    assertThat(error("mode: [enforce]").getMessage()).contains("mode: expected enforce or monitor, got a list");
    assertThat(error("state: 5").getMessage()).contains("line 1").contains("state: expected a mapping");
    assertThat(error("- mode: enforce").getMessage()).contains("line 1").contains("expected a mapping");
    assertThat(error("rules:", "  - just-a-name").getMessage()).contains("line 2 column 5: rules[0]: expected a rule");
    assertThat(error("mode: loud").getMessage()).contains("line 1 column 7: mode: must be enforce or monitor, got 'loud'");
    assertThat(error("rules:", "  - name: a", "    rate: 1/s", "    key: cookie").getMessage()).contains("rules[0].key: must be one of ip, subnet, apikey, user");
  }

  @Test
  void missingRequiredFieldNamesTheRuleLine() {
    InvalidPolicyException e = error("mode: enforce", "rules:", "  - name: a", "    rate: 1/s", "  - name: b", "    burst: 3");
    assertThat(e.getMessage()).contains("line 5 column 5: rules[1].rate: missing required field 'rate'");
    assertThat(error("rules:", "  - rate: 1/s").getMessage()).contains("line 2").contains("rules[0].name: missing required field 'name'");
  }

  @Test
  void emptyValueIsAnError() {
    assertThat(error("mode: enforce", "apiKeyHeader:").getMessage()).contains("line 2").contains("apiKeyHeader: missing value");
    assertThat(error("rules:").getMessage()).contains("rules").contains("missing value");
  }

  @Test
  void ruleLevelChecks() {
    assertThat(error("rules:", "  - {name: a, rate: 1/s}", "  - {name: a, rate: 2/s}").getMessage()).contains("line 3").contains("rules[1].name: duplicate rule name 'a'");
    assertThat(error("rules:", "  - {name: a, rate: 1/s, key: apikey}").getMessage()).contains("line 2").contains("rules[0].key: key apikey needs apiKeyHeader");
    assertThat(error("rules:", "  - {name: a, rate: 1/s, routes: [api]}").getMessage()).contains("rules[0].routes[0]: must be a path pattern");
    assertThat(error("rules:", "  - {name: a, rate: 1/s, routes: ['/api/x**']}").getMessage()).contains("'**' must be a whole path segment");
    assertThat(error("rules:", "  - {name: a, rate: 1/s, routes: []}").getMessage()).contains("rules[0].routes: must not be empty");
    assertThat(error("rules:", "  - {name: 'has space', rate: 1/s}").getMessage()).contains("rules[0].name: must be 1-64");
    assertThat(error("rules:", "  - {name: deny-list, rate: 1/s}").getMessage()).contains("reserved");
  }

  @Test
  void onlyOneDocument() {
    assertThat(error("mode: enforce", "---", "mode: monitor").getMessage()).contains("line 3").contains("only one YAML document");
  }

  @Test
  void loadReadsTheFileAndAppliesOverrides() throws Exception {
    Path file = dir.resolve("vigil.yaml");
    Files.writeString(file, yaml("mode: enforce", "rules: [{name: r, rate: 2/s}]"));
    Properties properties = new Properties();
    properties.setProperty("vigil.mode", "monitor");
    properties.setProperty("vigil.audit.file", dir.resolve("audit.jsonl").toString());
    Policy policy = PolicyLoader.load(file, properties);
    assertThat(policy.mode()).isEqualTo(Mode.MONITOR);
    assertThat(policy.auditFile()).isEqualTo(dir.resolve("audit.jsonl"));
    assertThat(policy.rules()).extracting(Rule::name).containsExactly("r");
  }

  @Test
  void badOverrideIsAnError() throws Exception {
    Path file = dir.resolve("vigil.yaml");
    Files.writeString(file, "");
    Properties properties = new Properties();
    properties.setProperty("vigil.mode", "loud");
    assertThatThrownBy(() -> PolicyLoader.load(file, properties))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessage("invalid policy setting -Dvigil.mode=loud: must be enforce or monitor");
  }

  @Test
  void missingFileIsAnError() {
    Path missing = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> PolicyLoader.load(missing, new Properties()))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageStartingWith("invalid policy " + missing + ": cannot read the file")
        .hasMessageNotContaining("\n");
  }

  @Test
  void aYamlBooleanWhereAMappingGoesIsNamedAsOne() {
    assertThat(error("detectors: {accountTakeover: off}").getMessage())
        .endsWith("detectors.accountTakeover: expected a mapping (key: value), got a boolean (YAML reads on, off, yes and no as true and false: quote the word, e.g. 'off')");
  }
}
