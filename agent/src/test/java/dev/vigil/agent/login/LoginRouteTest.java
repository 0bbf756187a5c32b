package dev.vigil.agent.login;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.limit.RoutePath;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoginRouteTest {
  @Test
  void aPathOverTheLimitIsALoginAttemptWhereverTheMethodMatches() {
    LoginRoute login = new LoginRoute("/login", List.of("POST"), "username", Set.of(401), null);
    String padded = "/login;x=" + "a".repeat(RoutePath.MAX_PATH_LENGTH); // a server still routes it to /login
    assertThat(login.matches("POST", RoutePath.normalise(padded))).as("fail closed, like the rules").isTrue();
    assertThat(login.matches("GET", RoutePath.normalise(padded))).as("not a login method").isFalse();
    assertThat(login.matches("POST", "/login/x")).isFalse();
  }

  @Test
  void aHeadRequestIsALoginAttemptWhereGetIs() {
    LoginRoute getLogin = new LoginRoute("/login", List.of("GET"), "username", Set.of(401), null);
    assertThat(getLogin.matches("HEAD", "/login")).isTrue();
    assertThat(new LoginRoute("/login", List.of("POST"), "username", Set.of(401), null).matches("HEAD", "/login")).isFalse();
  }
}
