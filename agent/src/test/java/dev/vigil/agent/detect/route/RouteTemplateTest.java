package dev.vigil.agent.detect.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.limit.RoutePath;
import org.junit.jupiter.api.Test;

class RouteTemplateTest {
  @Test
  void idLikeSegmentsBecomeOnePlaceholder() {
    assertThat(RouteTemplate.of("/items/1")).isEqualTo("/items/{id}");
    assertThat(RouteTemplate.of("/items/2342/reviews/17")).isEqualTo("/items/{id}/reviews/{id}");
    assertThat(RouteTemplate.of("/users/3f2504e0-4f89-11d3-9a0c-0305e82c3301")).as("UUID").isEqualTo("/users/{id}");
    assertThat(RouteTemplate.of("/blobs/9f8e7d6c5b4a")).as("hex").isEqualTo("/blobs/{id}");
    assertThat(RouteTemplate.of("/orders/order-000123")).as("a number inside").isEqualTo("/orders/{id}");
    assertThat(RouteTemplate.of("/share/aZ3kP9_qL2mX7vB1")).as("a token").isEqualTo("/share/{id}");
    assertThat(RouteTemplate.of("/1")).isEqualTo("/{id}");
  }

  @Test
  void wordsStayAndAPathWithoutIdsIsReturnedAsItIs() {
    String path = "/api/v2/deadbeef/app.js";
    assertThat(RouteTemplate.of(path)).isSameAs(path);
    assertThat(RouteTemplate.of("/")).isEqualTo("/");
    assertThat(RouteTemplate.of("/products/iphone15/specs")).isEqualTo("/products/iphone15/specs");
    assertThat(RouteTemplate.of("/login")).isEqualTo("/login");
  }

  @Test
  void anAttackersPathNeverMakesALongOrDeepTemplate() {
    String padded = "/search/" + "a".repeat(5_000);
    assertThat(RouteTemplate.of(padded)).isEqualTo("/search/{id}");
    StringBuilder deep = new StringBuilder();
    for (int i = 0; i < 500; i++) {
      deep.append("/x");
    }
    assertThat(RouteTemplate.of(deep.toString())).hasSize(RouteTemplate.MAX_SEGMENTS * 2 + 3).endsWith("/x/**");
    assertThat(RouteTemplate.of("/a" + "/b".repeat(RoutePath.MAX_PATH_LENGTH))).isEqualTo(RouteTemplate.OVERLONG);
  }

  @Test
  void eachDistinctIdOfAnEnumerationFallsIntoTheSameTemplate() {
    java.util.Set<String> templates = new java.util.HashSet<>();
    for (int id = 1; id <= 2_343; id++) {
      templates.add(RouteTemplate.of("/items/" + id));
    }
    assertThat(templates).containsExactly("/items/{id}");
  }

  @Test
  void aKnownTemplateIsFoundNotBuiltAndACollidingOneIsNeverMistakenForIt() {
    assertThat(RouteTemplate.of("/Aa/1")).isSameAs(RouteTemplate.of("/Aa/2")).isEqualTo("/Aa/{id}");
    assertThat("/Aa/{id}".hashCode()).as("a collision on purpose").isEqualTo("/BB/{id}".hashCode());
    assertThat(RouteTemplate.of("/BB/3")).isEqualTo("/BB/{id}");
    assertThat(RouteTemplate.of("/Aa/4")).isEqualTo("/Aa/{id}");
    assertThat(RouteTemplate.of("/Aa/5/x")).isEqualTo("/Aa/{id}/x");
    String deep = "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p";
    assertThat(RouteTemplate.of(deep + "/q/1")).isSameAs(RouteTemplate.of(deep + "/r/2")).isEqualTo(deep + "/**");
    assertThat(RouteTemplate.of(deep)).isEqualTo(deep);
  }
}
