package dev.vigil.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeaderLinesTest {
  @Test
  void oneLineIsReturnedAsItIs() {
    String line = "198.51.100.7, 10.0.0.2";
    assertThat(HeaderLines.join(List.of(line))).isSameAs(line);
    assertThat(HeaderLines.join(Collections.enumeration(List.of(line)))).isSameAs(line);
  }

  @Test
  void everyLineIsJoinedInOrder() {
    List<String> lines = Arrays.asList("192.0.2.1", "203.0.113.66", "10.0.0.2");
    assertThat(HeaderLines.join(lines)).isEqualTo("192.0.2.1, 203.0.113.66, 10.0.0.2");
    assertThat(HeaderLines.join(Collections.enumeration(lines))).isEqualTo("192.0.2.1, 203.0.113.66, 10.0.0.2");
  }

  @Test
  void noLineIsNull() {
    assertThat(HeaderLines.join((List<String>) null)).isNull();
    assertThat(HeaderLines.join(List.of())).isNull();
    assertThat(HeaderLines.join(Collections.emptyEnumeration())).isNull();
  }
}
