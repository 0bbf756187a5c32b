package dev.vigil.agent.detect.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.bootstrap.RequestContext;
import org.junit.jupiter.api.Test;

/** Which framework patterns are learned, and how a path is grouped and its object found by them. */
class FrameworkRoutesTest {
  private final FrameworkRoutes routes = new FrameworkRoutes();

  private RequestContext apply(String path) {
    RequestContext request = new RequestContext("test", "GET", path, "192.0.2.1", null, null, null, null);
    routes.apply(request, path);
    return request;
  }

  @Test
  void aWordIdIsTheObjectTheFrameworksRouteNames() {
    routes.learn("/products/{slug}");
    routes.learn("/users/{id:\\d+}/orders");
    RequestContext product = apply("/products/blue-widget");
    assertThat(product.routeTemplate).isEqualTo("/products/{slug}");
    assertThat(product.routeObjectEnd).isEqualTo("/products/blue-widget".length());
    RequestContext orders = apply("/users/42/orders");
    assertThat(orders.routeTemplate).as("the variable's regex is not part of the template").isEqualTo("/users/{id}/orders");
    assertThat(orders.routeObjectEnd).as("the object is the path up to its last variable").isEqualTo("/users/42".length());
  }

  @Test
  void pathsThePatternsDoNotMatchAreLeftToTheHeuristic() {
    routes.learn("/products/{slug}");
    for (String path : new String[] {"/products", "/products/", "/products/a/b", "/product/x", "/"}) {
      RequestContext request = apply(path);
      assertThat(request.routeTemplate).as(path).isNull();
      assertThat(request.routeObjectEnd).as(path).isZero();
    }
  }

  @Test
  void patternsWithoutVariablesOrWithWildcardsAreNotLearnedAndTheTableIsBounded() {
    routes.learn("/hello");
    routes.learn("/static/**");
    routes.learn("/files/{*path}");
    routes.learn("/api/{id}.json");
    routes.learn(null);
    assertThat(routes.isEmpty()).isTrue();
    for (int i = 0; i < 1_000; i++) {
      routes.learn("/r" + i + "/{id}");
    }
    assertThat(apply("/r255/x").routeTemplate).isEqualTo("/r255/{id}");
    assertThat(apply("/r256/x").routeTemplate).as("past the cap").isNull();
  }
}
