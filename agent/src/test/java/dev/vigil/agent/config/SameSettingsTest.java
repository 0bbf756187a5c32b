package dev.vigil.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a reload keeps hangs on this: the same text must be the same, any changed field must not. */
class SameSettingsTest {
  private static final String FULL = String.join("\n",
      "trustedProxies: [10.0.0.0/8]",
      "apiKeyHeader: X-Api-Key",
      "rules:",
      "  - {name: api, routes: [\"/api/**\"], methods: [GET], key: apikey, rate: 20/s, burst: 40}",
      "login:",
      "  routes: [{path: /login, usernameParameter: user}]",
      "  deviceCookies: {enabled: true}",
      "  methods:",
      "    - {class: com.example.Accounts, method: signIn, username: arg0, success: returns-true}",
      "detectors: {scan: {action: monitor}}",
      "");

  @TempDir Path dir;

  private Policy load(String yaml) throws Exception {
    return PolicyLoader.load(Files.writeString(dir.resolve("vigil.yaml"), yaml), new Properties());
  }

  @Test
  void theSameTextLoadedTwiceIsTheSamePolicyInEveryPart() throws Exception {
    Policy first = load(FULL);
    Policy second = load(FULL);
    assertThat(SameSettings.same(first, second)).isTrue();
    assertThat(SameSettings.same(first.login(), second.login())).isTrue();
    assertThat(SameSettings.same(Policy.builtIn(), Policy.builtIn())).isTrue();
  }

  @Test
  void anyChangedFieldIsAChange() throws Exception {
    Policy before = load(FULL);
    assertThat(SameSettings.same(before.rules(), load(FULL.replace("burst: 40", "burst: 41")).rules())).isFalse();
    assertThat(SameSettings.same(before.login(), load(FULL.replace("usernameParameter: user", "usernameParameter: login")).login())).isFalse();
    assertThat(SameSettings.same(before.detectors(), load(FULL.replace("action: monitor", "action: block")).detectors())).isFalse();
    assertThat(SameSettings.same(before.trustedProxies(), load(FULL.replace("10.0.0.0/8", "10.0.0.0/9")).trustedProxies())).isFalse();
  }

  /** A getter chain caches its accessors per class (a ClassValue): a cache, not a setting, so the same text must still be the same. */
  @Test
  void aGetterChainLoadedTwiceIsTheSame() throws Exception {
    String text = FULL.replace("username: arg0,", "username: arg0.getCredentials.username,");
    assertThat(text).contains("arg0.getCredentials.username");
    assertThat(SameSettings.same(load(text).login(), load(text).login())).isTrue();
    assertThat(SameSettings.same(load(text).login().methods(), load(text.replace("getCredentials", "getAccount")).login().methods())).isFalse();
  }

  /** A rate spelled another way is the same rate: reformatting the file must not give every throttled caller a fresh burst. */
  @Test
  void aRateSpelledAnotherWayIsTheSameRate() throws Exception {
    Policy before = load(FULL);
    assertThat(SameSettings.same(before.rules(), load(FULL.replace("rate: 20/s", "rate: 20/S")).rules())).isTrue();
    assertThat(SameSettings.same(before.rules(), load(FULL.replace("rate: 20/s", "rate: 1200/m")).rules())).isTrue();
    assertThat(SameSettings.same(before.rules(), load(FULL.replace("rate: 20/s", "rate: 21/s")).rules())).isFalse();
  }
}
