package dev.vigil.it.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.it.harness.App;
import dev.vigil.it.harness.FrameworkApp;
import dev.vigil.it.harness.Jdk;
import dev.vigil.it.harness.RawHttp;
import dev.vigil.it.harness.RawHttp.Response;
import dev.vigil.it.harness.ServerProcess;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Finding 6: Vigil read a login route's username at the outermost filter, before Spring's
 * CharacterEncodingFilter ran, so Tomcat decoded the whole form as ISO-8859-1: {@code jürgen} reached
 * the AuthenticationManager as {@code jÃ¼rgen}. The form is read only once the app has answered now, so
 * the app decodes it its own way, and a servlet that reads its body itself still gets all of it.
 */
@Timeout(180)
class LoginFormEncodingTest {
  /** j, u-umlaut as UTF-8, r, g, e, n: what a browser sends for a UTF-8 page, with no charset in the Content-Type. */
  private static final String JUERGEN = "j%C3%BCrgen";

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("dev.vigil.it.hardening.HardeningServers#springApps")
  void springDecodesTheLoginFormItsOwnWay(FrameworkApp app, Jdk jdk) {
    ServerProcess server = HardeningServers.get(app, jdk);
    Response login = RawHttp.request("POST", "/login")
        .header("X-Forwarded-For", "198.51.100.150")
        .form("username=" + JUERGEN + "&password=secret")
        .sendTo(server);
    Response asked = RawHttp.request("GET", "/last-username").header("X-Forwarded-For", "198.51.100.150").sendTo(server);
    assertThat(asked.body).as("%s: the name the user store was asked for", app).isEqualTo("j\u00fcrgen");
    assertThat(login.status).as("%s: %s", app, login).isEqualTo(302);
    assertThat(login.header("Location")).as("%s: logged in, not sent back to the error page", app).hasValueSatisfying(
        location -> assertThat(location).doesNotContain("error"));
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("dev.vigil.it.hardening.HardeningServers#servers")
  void aServletThatPicksItsEncodingOrReadsItsBodySeesItAll(App app, Jdk jdk) {
    Assumptions.assumeTrue(app.servlet, "the JDK HttpServer has no form parameters: Vigil never reads its body");
    ServerProcess server = HardeningServers.get(app, jdk);
    Response param = RawHttp.request("POST", "/echo/param").header("X-Forwarded-For", "198.51.100.151").form("user=" + JUERGEN).sendTo(server);
    assertThat(param.body).as("%s: decoded after its own setCharacterEncoding(UTF-8)", app).isEqualTo("user=j\u00fcrgen");
    String form = "user=" + JUERGEN + "&password=secret&note=" + "x".repeat(2000);
    Response body = RawHttp.request("POST", "/echo/body").header("X-Forwarded-For", "198.51.100.151").form(form).sendTo(server);
    assertThat(body.body).as("%s: the body, read by the servlet itself on a login route", app).isEqualTo(form);
  }
}
