package dev.vigil.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class PolicySourceTest {
  private static Properties property(String value) {
    Properties properties = new Properties();
    if (value != null) {
      properties.setProperty("vigil.config", value);
    }
    return properties;
  }

  @Test
  void agentArgumentWinsOverPropertyAndEnvironment() {
    PolicySource source = PolicySource.resolve("config=/a/vigil.yaml", property("/b.yaml"), Map.of("VIGIL_CONFIG", "/c.yaml"));
    assertThat(source.path()).contains(Path.of("/a/vigil.yaml"));
    assertThat(source.description()).isEqualTo("file /a/vigil.yaml (from agent argument config=)");
  }

  @Test
  void systemPropertyWinsOverEnvironment() {
    PolicySource source = PolicySource.resolve(null, property("/x/vigil.yaml"), Map.of("VIGIL_CONFIG", "/c.yaml"));
    assertThat(source.description()).isEqualTo("file /x/vigil.yaml (from -Dvigil.config)");
  }

  @Test
  void environmentIsTheLastResort() {
    PolicySource source = PolicySource.resolve("", property(" "), Map.of("VIGIL_CONFIG", "/c.yaml"));
    assertThat(source.description()).isEqualTo("file /c.yaml (from VIGIL_CONFIG)");
  }

  @Test
  void noSourceMeansDefaults() {
    PolicySource source = PolicySource.resolve(null, property(null), Map.of());
    assertThat(source.path()).isEmpty();
    assertThat(source.description()).isEqualTo("built-in defaults (no policy file)");
  }

  @Test
  void relativePathsAreMadeAbsolute() {
    PolicySource source = PolicySource.resolve("config=conf/vigil.yaml", property(null), Map.of());
    assertThat(source.path().get()).isAbsolute().endsWithRaw(Path.of("conf", "vigil.yaml"));
  }

  @Test
  void unparseableArgumentsAreOneClearLine() {
    assertThatThrownBy(() -> PolicySource.resolve("/etc/vigil.yaml", property(null), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected comma-separated key=value")
        .hasMessageContaining("'/etc/vigil.yaml' is not key=value")
        .hasMessageNotContaining("\n");
    assertThatThrownBy(() -> PolicySource.resolve("config=", property(null), Map.of())).hasMessageContaining("'config=' is not key=value");
    assertThatThrownBy(() -> PolicySource.resolve("config=a,config=b", property(null), Map.of())).hasMessageContaining("'config' given twice");
    assertThatThrownBy(() -> PolicySource.resolve("config=a,,x=1", property(null), Map.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PolicySource.resolve("confg=/etc/vigil.yaml", property(null), Map.of()))
        .hasMessageContaining("unknown key 'confg'")
        .hasMessageContaining("known keys: [config]");
  }
}
