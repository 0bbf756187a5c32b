package dev.vigil.agent.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RequestMatcherTest {
  private static final String OVERLONG = "/a".repeat(RoutePath.MAX_PATH_LENGTH / 2) + "/x";

  @Test
  void headCountsAsGetBecauseServersRunTheGetHandlerForIt() {
    assertThat(new RequestMatcher(List.of("/hello"), List.of("GET")).matches("HEAD", "/hello")).isTrue();
    assertThat(new RequestMatcher(List.of("/hello"), List.of("get")).matches("head", "/hello")).isTrue();
    assertThat(new RequestMatcher(List.of("/hello"), List.of("HEAD")).matches("HEAD", "/hello")).isTrue();
    assertThat(new RequestMatcher(List.of("/hello"), List.of("POST")).matches("HEAD", "/hello")).isFalse();
    assertThat(new RequestMatcher(List.of("/hello"), List.of("HEAD")).matches("GET", "/hello")).isFalse();
  }

  @Test
  void aPathOverTheLimitCountsAgainstEveryRuleWhoseMethodsMatch() {
    assertThat(OVERLONG.length()).isGreaterThan(RoutePath.MAX_PATH_LENGTH);
    assertThat(new RequestMatcher(List.of("/login"), List.of()).matches("GET", OVERLONG)).isTrue();
    assertThat(new RequestMatcher(List.of("/**/delete"), List.of("POST")).matches("POST", OVERLONG)).isTrue();
    assertThat(new RequestMatcher(List.of("/**/delete"), List.of("POST")).matches("GET", OVERLONG)).isFalse();
    assertThat(new RequestMatcher(List.of("/**/delete"), List.of()).matchedRoute(OVERLONG)).isNull();
  }

  @Test
  void aPathAtTheLimitIsStillMatchedSegmentBySegment() {
    String atLimit = "/a".repeat(RoutePath.MAX_PATH_LENGTH / 2);
    assertThat(atLimit).hasSize(RoutePath.MAX_PATH_LENGTH);
    assertThat(new RequestMatcher(List.of("/**/delete"), List.of()).matches("GET", atLimit)).isFalse();
    assertThat(new RequestMatcher(List.of("/**/a"), List.of()).matchedRoute(atLimit)).isEqualTo("/**/a");
  }

  @Test
  void aPathOverTheLimitIsNotNormalisedAndIsKeptOnlyInPart() {
    String padded = "/" + "x;".repeat(RoutePath.MAX_PATH_LENGTH);
    assertThat(RoutePath.normalise(padded)).isSameAs(padded);
    assertThat(RoutePath.kept(padded)).hasSize(RoutePath.MAX_PATH_LENGTH).isEqualTo(padded.substring(0, RoutePath.MAX_PATH_LENGTH));
    assertThat(RoutePath.kept("/login")).isEqualTo("/login");
  }
}
