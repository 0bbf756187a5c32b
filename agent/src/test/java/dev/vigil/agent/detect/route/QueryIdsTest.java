package dev.vigil.agent.detect.route;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which query strings name an object, and where its value ends. */
class QueryIdsTest {
  private static String id(String query) {
    int end = QueryIds.end(query);
    if (end < 0) {
      return null;
    }
    return query.substring(query.lastIndexOf('=', end - 1) + 1, end);
  }

  @Test
  void theFirstIdLikeValueIsTheObject() {
    assertThat(id("id=42")).isEqualTo("42");
    assertThat(id("sort=asc&id=42&page=2")).isEqualTo("42");
    assertThat(id("sku=AB-12345")).isEqualTo("AB-12345");
    assertThat(id("order=3f2504e0-4f89-11d3-9a0c-0305e82c3301")).isEqualTo("3f2504e0-4f89-11d3-9a0c-0305e82c3301");
    assertThat(ObjectIds.number("sort=asc&id=0042", QueryIds.end("sort=asc&id=0042"))).isEqualTo(42);
  }

  @Test
  void wordsSearchesAndCacheBustersAreNoObjects() {
    assertThat(id(null)).isNull();
    assertThat(id("")).isNull();
    assertThat(id("sort=asc&lang=en")).isNull();
    assertThat(id("q=blue+shoes+2024")).as("a search someone typed").isNull();
    assertThat(id("q=caf%C3%A9")).isNull();
    assertThat(id("_=1733050000000")).as("jQuery's cache buster").isNull();
    assertThat(id("t=98765&v=20241201")).isNull();
    assertThat(id("since=1733050000")).as("an epoch time in seconds").isNull();
    assertThat(id("_=1733050000000&id=42")).as("the buster is passed over, the id is not").isEqualTo("42");
    assertThat(id("=42&id")).as("no name, no value").isNull();
    assertThat(id("id=" + "1".repeat(65))).as("longer than an id").isNull();
  }

  @Test
  void theObjectIsEveryIdPairWhateverTheOrderDecoysAndBusters() {
    dev.vigil.agent.detect.sketch.SeededHash hash = new dev.vigil.agent.detect.sketch.SeededHash(1);
    assertThat(QueryIds.hash("_=1733050000000&id=42", hash)).as("a cache buster before the id").isEqualTo(QueryIds.hash("id=42&_=1733050000001", hash));
    assertThat(QueryIds.hash("x=1&id=42", hash)).as("a constant decoy").isNotEqualTo(QueryIds.hash("x=1&id=43", hash));
    assertThat(QueryIds.hash("a=5&b=6", hash)).isEqualTo(QueryIds.hash("b=6&a=5", hash));
    assertThat(QueryIds.hash("lang=en", hash)).isZero();
  }

  /** A hang guard, not a timing: read quadratically, these 400k characters would take minutes. */
  @Test
  @org.junit.jupiter.api.Timeout(30)
  void aQueryOfManyEmptyParametersIsReadInOnePass() {
    String flood = "&".repeat(200_000) + "a".repeat(200_000) + "=x";
    assertThat(QueryIds.end(flood)).isEqualTo(-1);
    assertThat(QueryIds.end("a".repeat(400_000) + "=42")).isEqualTo(400_003);
  }
}
