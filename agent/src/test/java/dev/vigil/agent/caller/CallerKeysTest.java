package dev.vigil.agent.caller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.config.KeyType;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CallerKeysTest {
  private final CallerKeys keys = new CallerKeys(new ApiKeyHasher("secret".getBytes(StandardCharsets.UTF_8)));

  @Test
  void apiKeysAreHashedShortAndStable() {
    String hash = keys.apiKey("sk_live_very_secret");
    assertThat(hash).matches("#[0-9a-f]{12}").doesNotContain("secret");
    assertThat(keys.apiKey("sk_live_very_secret")).isEqualTo(hash);
    assertThat(keys.apiKey("sk_live_other")).isNotEqualTo(hash);
    assertThat(keys.apiKey(null)).isNull();
    assertThat(keys.apiKey("")).isNull();
  }

  @Test
  void theSecretMatters() {
    String withOther = new ApiKeyHasher("other".getBytes(StandardCharsets.UTF_8)).hash("k");
    assertThat(keys.apiKey("k")).isNotEqualTo(withOther);
    assertThat(ApiKeyHasher.withRandomSecret().hash("k")).isNotEqualTo(ApiKeyHasher.withRandomSecret().hash("k"));
  }

  @Test
  void subnetsAndUsers() {
    assertThat(keys.subnet("198.51.100.200")).isEqualTo("198.51.100.0/24");
    assertThat(keys.subnet("2001:db8:0:1::99")).isEqualTo("2001:db8:0:1::/64");
    assertThat(keys.subnet("nonsense")).isNull();
    assertThat(keys.user("alice")).isEqualTo("alice");
    assertThat(keys.user("")).isNull();
    assertThat(CallerKeys.display(KeyType.APIKEY, "#3fa9c1d2e0b4")).isEqualTo("apikey:#3fa9c1d2e0b4");
    assertThat(CallerKeys.display(KeyType.IP, "127.0.0.9")).isEqualTo("ip:127.0.0.9");
  }
}
