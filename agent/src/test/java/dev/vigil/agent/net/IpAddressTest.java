package dev.vigil.agent.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressTest {
  @ParameterizedTest
  @CsvSource({
    "1.2.3.4, 1.2.3.4",
    "0.0.0.0, 0.0.0.0",
    "255.255.255.255, 255.255.255.255",
    "::1, ::1",
    "0:0:0:0:0:0:0:1, ::1",
    "::, ::",
    "2001:DB8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
    "2001:db8:0:0:0:0:2:1, 2001:db8::2:1",
    "2001:0db8:0000:0000:0001:0000:0000:0001, 2001:db8::1:0:0:1",
    "fe80::1%eth0, fe80::1",
    "::ffff:10.1.2.3, 10.1.2.3",
    "::FFFF:a01:203, 10.1.2.3",
    "64:ff9b::192.0.2.33, 64:ff9b::c000:221",
    "1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:8",
    "1::, 1::",
  })
  void parsesAndCanonicalises(String text, String canonical) {
    assertThat(IpAddress.parse(text)).hasToString(canonical);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.-4", "1..2.3", " 1.2.3.4", "localhost", "example.com",
        "1:2:3:4:5:6:7:8:9", "1::2::3", ":1:2", "1:2:", "12345::", "g::1", "::1.2.3", "1:2:3:4:5:6:7:1.2.3.4", "1.2.3.4/8",
        "\u0661.2.3.4", "\uff11::"
      })
  void rejectsNonLiterals(String text) {
    assertThat(IpAddress.parse(text)).isNull();
  }

  @Test
  void ipv4ParsingWithoutAllocation() {
    assertThat(IpAddress.parseV4("10.0.0.1", 0, 8)).isEqualTo(0x0a000001L);
    assertThat(IpAddress.parseV4("x10.0.0.1x", 1, 9)).isEqualTo(0x0a000001L);
    assertThat(IpAddress.parseV4("::1", 0, 3)).isEqualTo(-1);
  }

  @Test
  void subnets() {
    assertThat(IpAddress.parse("203.0.113.77").subnet()).isEqualTo("203.0.113.0/24");
    assertThat(IpAddress.parse("2001:db8:1:2:3:4:5:6").subnet()).isEqualTo("2001:db8:1:2::/64");
    assertThat(IpAddress.parse("::ffff:198.51.100.9").subnet()).isEqualTo("198.51.100.0/24");
  }

  @Test
  void everyTextFormOfRandomIpv6AddressesParsesToTheBitsTheJdkReads() throws Exception {
    java.util.Random random = new java.util.Random(42);
    for (int n = 0; n < 20_000; n++) {
      int[] groups = new int[8];
      for (int g = 0; g < 8; g++) {
        groups[g] = random.nextInt(4) == 0 ? 0 : random.nextInt(0x10000); // zero runs, so that :: has places to go
      }
      StringBuilder full = new StringBuilder();
      for (int g = 0; g < 8; g++) {
        full.append(g == 0 ? "" : ":").append(Integer.toHexString(groups[g]));
      }
      int gapFrom = random.nextInt(8);
      int gapTo = gapFrom + random.nextInt(8 - gapFrom) + 1;
      boolean zeros = true;
      for (int g = gapFrom; g < gapTo; g++) {
        zeros &= groups[g] == 0;
      }
      java.util.List<String> forms = new java.util.ArrayList<>(java.util.List.of(full.toString()));
      if (zeros && gapTo - gapFrom < 8) {
        StringBuilder gap = new StringBuilder();
        for (int g = 0; g < gapFrom; g++) {
          gap.append(g == 0 ? "" : ":").append(Integer.toHexString(groups[g]));
        }
        gap.append("::");
        for (int g = gapTo; g < 8; g++) {
          gap.append(g == gapTo ? "" : ":").append(Integer.toHexString(groups[g]));
        }
        forms.add(gap.toString());
      }
      if (random.nextBoolean()) {
        StringBuilder mapped = new StringBuilder();
        for (int g = 0; g < 6; g++) {
          mapped.append(Integer.toHexString(groups[g])).append(':');
        }
        forms.add(mapped.append(groups[6] >> 8).append('.').append(groups[6] & 0xff).append('.').append(groups[7] >> 8).append('.').append(groups[7] & 0xff).toString());
      }
      byte[] expected = java.net.InetAddress.getByName(full.toString()).getAddress();
      for (String form : forms) {
        IpAddress parsed = IpAddress.parse(form);
        assertThat(parsed).as(form).isNotNull();
        if (expected.length == 16) {
          assertThat(java.nio.ByteBuffer.wrap(expected).getLong(0)).as(form).isEqualTo(parsed.high());
          assertThat(java.nio.ByteBuffer.wrap(expected).getLong(8)).as(form).isEqualTo(parsed.low());
        }
      }
    }
  }
}
