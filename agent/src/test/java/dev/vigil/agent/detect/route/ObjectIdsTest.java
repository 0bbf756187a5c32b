package dev.vigil.agent.detect.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.detect.sketch.SeededHash;
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
  void theObjectsHashIsSeededSoSpellingsCannotBeChosenToCollide() {
    String path = "/items/42";
    assertThat(new SeededHash(1).of(path, ObjectIds.end(path))).isNotEqualTo(new SeededHash(2).of(path, ObjectIds.end(path)));
    assertThat(new SeededHash(1).of(path, ObjectIds.end(path))).isEqualTo(new SeededHash(1).of("/items/42/reviews", ObjectIds.end("/items/42/reviews")));
  }
}
