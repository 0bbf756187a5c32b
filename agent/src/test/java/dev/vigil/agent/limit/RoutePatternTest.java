package dev.vigil.agent.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoutePatternTest {
  @ParameterizedTest
  @CsvSource({
    "/login, /login, true",
    "/login, /login/x, false",
    "/login, /logins, false",
    "/api/**, /api, true",
    "/api/**, /api/v1/users/7, true",
    "/api/**, /apix, false",
    "/api/**, /, false",
    "/users/*, /users/7, true",
    "/users/*, /users, false",
    "/users/*, /users/7/posts, false",
    "/users/*/posts, /users/7/posts, true",
    "/files/*.png, /files/cat.png, true",
    "/files/*.png, /files/cat.gif, false",
    "/**/admin, /admin, true",
    "/**/admin, /a/b/admin, true",
    "/**/admin, /a/b/admin/x, false",
    "/a/**/z, /a/z, true",
    "/a/**/z, /a/b/c/z, true",
    "/a/**/z, /a/b/c/y, false",
    "/**, /anything/at/all, true",
    "/, /, true",
    "/, /x, false",
    "/v*/users, /v2/users, true",
  })
  void globs(String pattern, String path, boolean matches) {
    assertThat(new RoutePattern(pattern).matches(RoutePath.normalise(path))).as(pattern + " ~ " + path).isEqualTo(matches);
  }

  @ParameterizedTest
  @CsvSource({
    "/login, /login",
    "/login/, /login",
    "//login, /login",
    "/login;jsessionid=abc, /login",
    "/a/../login, /login",
    "/./login, /login",
    "/%6Cogin, /login",
    "/login?x=1, /login",
    "'', /",
    "/../../login, /login",
    "/api//v1///users/, /api/v1/users",
  })
  void pathsAreNormalisedSoRulesCannotBeBypassed(String raw, String normalised) {
    assertThat(RoutePath.normalise(raw)).isEqualTo(normalised);
  }

  @Test
  void cleanPathsAreReturnedAsIs() {
    String path = "/api/v1/users/7";
    assertThat(RoutePath.normalise(path)).isSameAs(path);
  }

  @Test
  void requestMatcherCombinesRoutesAndMethods() {
    RequestMatcher matcher = new RequestMatcher(List.of("/login", "/api/**"), List.of("POST", "put"));
    assertThat(matcher.matches("POST", "/login")).isTrue();
    assertThat(matcher.matches("PUT", "/api/x")).isTrue();
    assertThat(matcher.matches("post", "/api/x")).isTrue();
    assertThat(matcher.matches("GET", "/login")).isFalse();
    assertThat(matcher.matches("POST", "/other")).isFalse();
    assertThat(matcher.matches(null, "/login")).isFalse();
    RequestMatcher everything = new RequestMatcher(List.of(), List.of());
    assertThat(everything.matches(null, "/x")).isTrue();
  }
}
