package dev.vigil.agent.caller;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SessionCookieTest {
  @Test
  void findsTheSessionCookieOfCommonServersAndFrameworks() {
    assertThat(SessionCookie.value("theme=dark; JSESSIONID=abc123.node1")).isEqualTo("abc123.node1");
    assertThat(SessionCookie.value("SESSION=ZjQ5; other=1")).isEqualTo("ZjQ5");
    assertThat(SessionCookie.value("PHPSESSID=p1")).isEqualTo("p1");
    assertThat(SessionCookie.value("connect.sid=s%3Aabc")).isEqualTo("s%3Aabc");
    assertThat(SessionCookie.value("ASP.NET_SessionId=x9")).isEqualTo("x9");
    assertThat(SessionCookie.value("_myapp_session=r1")).isEqualTo("r1");
    assertThat(SessionCookie.value(" jsessionid = spaced ")).isEqualTo("spaced");
  }

  @Test
  void otherCookiesEmptyValuesAndMalformedHeadersAreNoSession() {
    assertThat(SessionCookie.value(null)).isNull();
    assertThat(SessionCookie.value("theme=dark; _ga=GA1.2.3")).isNull();
    assertThat(SessionCookie.value("JSESSIONID=; theme=dark")).isNull();
    assertThat(SessionCookie.value(";;;=;JSESSIONID")).isNull();
    assertThat(SessionCookie.value("sessionless=1")).isNull();
  }

  @Test
  void longTokensSharingAPrefixStayApartAndAHugeHeaderIsReadInOnePass() {
    String prefix = "eyJhbGciOiJIUzI1NiJ9." + "x".repeat(300);
    assertThat(SessionCookie.value("app_session=" + prefix + "alice")).isNotEqualTo(SessionCookie.value("app_session=" + prefix + "bob"));
    String many = "a=1; ".repeat(20_000) + "JSESSIONID=last";
    assertThat(SessionCookie.value(many)).isEqualTo("last");
  }
}
