package dev.vigil.agent.login;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.limit.RoutePath;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoginRouteTest {
  @Test
  void aPathOverTheLimitIsNeverALoginRoute() {
    LoginRoute everyPath = new LoginRoute("/**", List.of("POST"), "username", Set.of(401), null);
    assertThat(everyPath.matches("POST", "/login")).isTrue();
    assertThat(everyPath.matches("POST", "/login" + "/x".repeat(RoutePath.MAX_PATH_LENGTH))).isFalse();
  }

  @Test
  void aHeadRequestIsALoginAttemptWhereGetIs() {
    LoginRoute getLogin = new LoginRoute("/login", List.of("GET"), "username", Set.of(401), null);
    assertThat(getLogin.matches("HEAD", "/login")).isTrue();
    assertThat(new LoginRoute("/login", List.of("POST"), "username", Set.of(401), null).matches("HEAD", "/login")).isFalse();
  }
}
