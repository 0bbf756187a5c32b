package dev.vigil.it.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.it.harness.App;
import dev.vigil.it.harness.AuditLog;
import dev.vigil.it.harness.Jdk;
import dev.vigil.it.harness.RawHttp;
import dev.vigil.it.harness.RawHttp.Response;
import dev.vigil.it.harness.ServerProcess;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Finding 1: proxies such as HAProxy ({@code option forwardfor}) append their own {@code X-Forwarded-For}
 * line instead of extending the client's. Reading only the first line let a deny-listed client name an
 * allow-listed address and send 30 of 30 password guesses to the app. Every line is now joined in order
 * and walked from the right, so the line the trusted proxy wrote is the one believed.
 */
@Timeout(120)
class ForwardedHeaderLinesTest {
  private static final String[] OVER = {"IPv4", "IPv6"};

  private static Response send(ServerProcess server, boolean v6, RawHttp request) {
    return v6 ? request.sendV6(server) : request.sendTo(server);
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("dev.vigil.it.hardening.HardeningServers#servers")
  void aDenyListedClientCannotHideBehindAnAllowListedFirstLine(App app, Jdk jdk) {
    ServerProcess server = HardeningServers.get(app, jdk);
    int checksBefore = passwordChecks(server);
    for (String over : OVER) {
      boolean v6 = over.equals("IPv6");
      for (int guess = 1; guess <= 30; guess++) {
        Response r = send(server, v6, RawHttp.request("POST", "/login")
            .header("X-Forwarded-For", "192.0.2.1")          // written by the client: allow-listed
            .header("X-Forwarded-For", "203.0.113.120")      // appended by the proxy: deny-listed
            .form("user=alice&password=guess" + guess));
        assertThat(r.status).as("%s guess %d over %s: %s", app, guess, over, r).isEqualTo(403);
        assertThat(r.header("X-App")).as("the app never saw it").isEmpty();
      }
    }
    assertThat(passwordChecks(server)).as("password guesses that reached the app").isEqualTo(checksBefore);
    AuditLog audit = HardeningServers.audit(app, jdk);
    audit.await(e -> "203.0.113.120".equals(e.get("client")) && "deny-list".equals(e.get("rule")), Duration.ofSeconds(5));
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("dev.vigil.it.hardening.HardeningServers#servers")
  void rotatingTheFirstLineDoesNotEscapeTheLimit(App app, Jdk jdk) {
    ServerProcess server = HardeningServers.get(app, jdk);
    for (String over : OVER) {
      boolean v6 = over.equals("IPv6");
      String client = v6 ? "2001:db8:6::121" : "198.51.100.121";
      Function<Integer, Response> hello = i -> send(server, v6, RawHttp.request("GET", "/hello")
          .header("X-Forwarded-For", "198.18." + i + ".1, 198.18." + i + ".2")
          .header("X-Forwarded-For", client));
      assertThat(hello.apply(1).status).as("%s 1st over %s", app, over).isEqualTo(200);
      assertThat(hello.apply(2).status).as("%s 2nd over %s", app, over).isEqualTo(200);
      Response third = hello.apply(3);
      assertThat(third.status).as("%s 3rd over %s, new first line each time (burst 2): %s", app, over, third).isEqualTo(429);
      assertThat(third.header("Retry-After")).isPresent();
    }
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("dev.vigil.it.hardening.HardeningServers#servers")
  void manyLinesAndLongLinesAreWalkedFromTheRight(App app, Jdk jdk) {
    ServerProcess server = HardeningServers.get(app, jdk);
    RawHttp many = RawHttp.request("GET", "/hello");
    for (int i = 0; i < 40; i++) {
      many.header("X-Forwarded-For", "192.0.2." + i); // allow-listed, written by the client
    }
    many.header("X-Forwarded-For", "::ffff:203.0.113.122"); // the proxy's line, IPv4-mapped
    Response r = many.sendTo(server);
    assertThat(r.status).as("%s: the last of 41 lines is the client, folded to IPv4: %s", app, r).isEqualTo(403);

    StringBuilder longLine = new StringBuilder();
    for (int i = 0; i < 450; i++) {
      longLine.append("192.0.2.").append(i % 250).append(", ");
    }
    longLine.append("[2001:DB8:DEAD:0::7]:443"); // deny-listed, spelt loosely
    Response v6 = RawHttp.request("GET", "/hello").header("X-Forwarded-For", longLine.toString()).sendV6(server);
    assertThat(v6.status).as("%s: a %d-character line, rightmost hop deny-listed: %s", app, longLine.length(), v6).isEqualTo(403);
  }

  static int passwordChecks(ServerProcess server) {
    Response r = RawHttp.request("GET", "/realm-calls").header("X-Forwarded-For", "198.51.100.250").sendTo(server);
    assertThat(r.status).as("GET /realm-calls: %s", r).isEqualTo(200);
    return Integer.parseInt(r.body.trim());
  }
}
