package dev.vigil.agent.caller;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientFingerprintTest {
  private static final String CHROME_NAMES = "Host,Connection,sec-ch-ua,User-Agent,Accept,Referer,Accept-Encoding,Accept-Language,Cookie";
  private static final String CHROME_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

  private static String chrome(String names) {
    return ClientFingerprint.of("POST", "HTTP/1.1", names, "en-US,en;q=0.9", CHROME_UA, "text/html", "gzip, br");
  }

  @Test
  void itsReadablePartSaysMethodVersionCookieRefererHeaderCountAndLanguage() {
    assertThat(chrome(CHROME_NAMES)).startsWith("po11cr07enus_").hasSize(12 + 1 + 12 + 1 + 12);
    assertThat(ClientFingerprint.of("GET", "HTTP/2.0", "host,accept", null, "curl/8.5", "*/*", null)).startsWith("ge20nn020000_");
    assertThat(ClientFingerprint.of(null, null, null, null, null, null, null)).startsWith("xx00nn000000_");
  }

  @Test
  void theSameSoftwareOnAnyAddressWithAnyCookieValuesHasOneFingerprint() {
    assertThat(chrome(CHROME_NAMES)).isEqualTo(chrome(CHROME_NAMES.toLowerCase()));
  }

  @Test
  void headerOrderAndValuesTellSoftwareApart() {
    String reordered = "Host,User-Agent,Connection,sec-ch-ua,Accept,Referer,Accept-Encoding,Accept-Language,Cookie";
    assertThat(chrome(reordered)).isNotEqualTo(chrome(CHROME_NAMES));
    assertThat(ClientFingerprint.of("POST", "HTTP/1.1", CHROME_NAMES, "en-US", "python-requests/2.32", "text/html", "gzip, br"))
        .isNotEqualTo(chrome(CHROME_NAMES));
  }

  @Test
  void aHugeListOfNamesCostsOnePass() {
    StringBuilder names = new StringBuilder();
    for (int i = 0; i < 100_000; i++) {
      names.append("x-h").append(i).append(',');
    }
    assertThat(chrome(names.toString())).startsWith("po11nn99enus_"); // the count caps at 99
  }
}
