package dev.vigil.agent.detect.route;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ObjectIdsTest {
  private static String object(String path) {
    int end = ObjectIds.end(path);
    return end < 0 ? null : path.substring(0, end);
  }

  @Test
  void theObjectIsThePathUpToItsLastId() {
    assertThat(object("/items/42")).isEqualTo("/items/42");
    assertThat(object("/items/42/reviews")).isEqualTo("/items/42");
    assertThat(object("/users/7/orders/9f8e7d6c5b")).isEqualTo("/users/7/orders/9f8e7d6c5b");
    assertThat(object("/catalogue/shoes")).isNull();
    assertThat(object("/")).isNull();
  }

  @Test
  void numericIdsAreReadAsNumbersAndOthersAreNot() {
    assertThat(ObjectIds.number("/items/00042", "/items/00042".length())).isEqualTo(42);
    assertThat(ObjectIds.number("/items/0", 8)).isZero();
    assertThat(ObjectIds.number("/o/order-000123", 15)).isEqualTo(ObjectIds.NOT_NUMERIC);
    assertThat(ObjectIds.number("/i/" + "9".repeat(30), 33)).isEqualTo(ObjectIds.NOT_NUMERIC);
  }

  @Test
  void theHashIsKeyedSoSpellingsCannotBeChosenToCollide() {
    String path = "/items/42";
    assertThat(ObjectIds.hash(path, path.length(), 1)).isNotEqualTo(ObjectIds.hash(path, path.length(), 2));
    assertThat(ObjectIds.hash(path, path.length(), 1)).isEqualTo(ObjectIds.hash("/items/42/reviews", path.length(), 1));
  }
}
