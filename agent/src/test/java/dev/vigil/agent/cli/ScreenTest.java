package dev.vigil.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import org.junit.jupiter.api.Test;

/**
 * What {@code status} and {@code top} print comes from the target JVM: caller keys (a user-keyed
 * rule's key is the principal's name, which an attacker who registered it chose), rule names, the
 * last reload line, and whatever a hostile app's own MBean under Vigil's name answers. None of it
 * may drive the operator's terminal.
 */
class ScreenTest {
  private static final String ESC = "\u001b";

  private static CompositeData row(String caller, long perMinute, String lastRule) throws Exception {
    CompositeType type = new CompositeType("CallerRow", "a caller", new String[] {"caller", "perMinute", "lastRule"},
        new String[] {"caller", "perMinute", "lastRule"}, new OpenType<?>[] {SimpleType.STRING, SimpleType.LONG, SimpleType.STRING});
    return new CompositeDataSupport(type, new String[] {"caller", "perMinute", "lastRule"}, new Object[] {caller, perMinute, lastRule});
  }

  @Test
  void whatTheTargetJvmSaysCannotDriveTheTerminal() throws Exception {
    Map<String, Object> attributes = new HashMap<>();
    attributes.put("AgentVersion", "0.1.0" + ESC + "[2J");
    attributes.put("Mode", "enforce");
    attributes.put("PolicySource", "file /etc/vigil.yaml" + ESC + "]0;owned" + "\u0007");
    attributes.put("PolicyVersion", 1);
    attributes.put("PolicyFingerprint", "0123456789ab");
    attributes.put("LastReload", "policy reloaded\r\n[vigil] forged line");
    for (String count : new String[] {"RequestsSeen", "RequestsThrottled", "RequestsBlocked", "RequestsMonitored", "TrackedCallers", "ActiveLockouts"}) {
      attributes.put(count, 0L);
    }
    attributes.put("MostRefusedCallers", new CompositeData[] {row("user:" + ESC + "[2J" + ESC + "[31mroot", 120, "per-user" + ESC + "[0m")});
    attributes.put("BusiestCallers", new CompositeData[] {row("ip:203.0.113.7\u009b2J", 60, "")});
    attributes.put("OperatorLists", new String[] {"ban 198.51.100.0/24 (60 s left)" + ESC + "[1A"});

    String screen = Screen.render(42, new Screen.Reading(attributes::get), null, 10);

    assertThat(screen).contains("user:", "root", "forged line").doesNotContain(ESC).doesNotContain("\u0007").doesNotContain("\u009b").doesNotContain("\r");
    assertThat(screen.split("\n")).noneMatch(line -> line.startsWith("[vigil] forged line"));
  }
}
