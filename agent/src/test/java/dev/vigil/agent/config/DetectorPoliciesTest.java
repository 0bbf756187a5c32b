package dev.vigil.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The {@code detectors:} section: merged over the defaults, one-line errors with the line for bad values. */
class DetectorPoliciesTest {
  private static final Path FILE = Path.of("/etc/vigil.yaml");

  private static Policy parse(String... lines) throws InvalidPolicyException {
    return PolicyLoader.parse(FILE, String.join("\n", lines) + "\n");
  }

  private static String error(String... lines) {
    try {
      throw new AssertionError("expected an invalid policy, got " + parse(lines));
    } catch (InvalidPolicyException e) {
      assertThat(e.getMessage()).doesNotContain("\n");
      return e.getMessage();
    }
  }

  @Test
  void withoutTheSectionEveryDetectorHasItsDefaults() throws Exception {
    DetectorSettings d = parse("mode: enforce").detectors();
    assertThat(d.scan.action).isEqualTo(DetectorAction.THROTTLE);
    assertThat(d.scan.duration).isEqualTo(Duration.ofMinutes(10));
    assertThat(d.enumeration.distinct).isEqualTo(300);
    assertThat(d.accountTakeover).isEqualTo(DetectorAction.MONITOR);
  }

  @Test
  void writtenFieldsReplaceTheirDefaultAndTheRestStay() throws Exception {
    DetectorSettings d =
        parse(
                "detectors:",
                "  scan: { action: block, duration: 1h }",
                "  enumeration: { action: monitor, distinctObjects: 500, longWindow: 6h, addressDistinctObjects: 9000 }",
                "  accountTakeover: { action: off }")
            .detectors();
    assertThat(d.scan.action).isEqualTo(DetectorAction.BLOCK);
    assertThat(d.scan.duration).isEqualTo(Duration.ofHours(1));
    assertThat(d.scan.distinctNotFound).isEqualTo(30);
    assertThat(d.enumeration.action).isEqualTo(DetectorAction.MONITOR);
    assertThat(d.enumeration.distinct).isEqualTo(500);
    assertThat(d.enumeration.longWindow).isEqualTo(Duration.ofHours(6));
    assertThat(d.enumeration.addressDistinct).isEqualTo(9000);
    assertThat(d.enumeration.walk).isEqualTo(100);
    assertThat(d.accountTakeover).isEqualTo(DetectorAction.OFF);
  }

  @Test
  void badValuesNameTheFieldAndLine() {
    assertThat(error("detectors:", "  scan:", "    action: ban")).contains("line 3").contains("detectors.scan.action").contains("throttle, block, monitor, off");
    assertThat(error("detectors:", "  accountTakeover: { action: block }")).contains("line 2").contains("monitor or off");
    assertThat(error("detectors:", "  enumeration:", "    distinctObjects: 5000")).contains("line 3").contains("distinctObjects");
    assertThat(error("detectors:", "  scan: { distinctNotFound: 0 }")).contains("distinctNotFound");
    assertThat(error("detectors:", "  scaning: {}")).contains("scaning");
  }
}
