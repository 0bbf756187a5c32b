package dev.vigil.agent.limit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StaticAssetPathTest {
  @Test
  void stylesheetsScriptsImagesAndFontsFetchedByGetOrHead() {
    assertThat(StaticAssetPath.isStaticAsset("GET", "/css/site.css")).isTrue();
    assertThat(StaticAssetPath.isStaticAsset("HEAD", "/js/app.3f9a1b.js")).isTrue();
    assertThat(StaticAssetPath.isStaticAsset("GET", "/img/Logo.PNG")).as("any case").isTrue();
    assertThat(StaticAssetPath.isStaticAsset("GET", "/fonts/a.woff2")).isTrue();
    assertThat(StaticAssetPath.isStaticAsset("GET", "/app.js.map")).isTrue();
  }

  @Test
  void anythingElseCounts() {
    assertThat(StaticAssetPath.isStaticAsset("POST", "/css/site.css")).as("not a fetch").isFalse();
    assertThat(StaticAssetPath.isStaticAsset("GET", "/api/items.json")).isFalse();
    assertThat(StaticAssetPath.isStaticAsset("GET", "/css/site.css/../delete")).as("the last segment decides").isFalse();
    assertThat(StaticAssetPath.isStaticAsset("GET", "/css/")).isFalse();
    assertThat(StaticAssetPath.isStaticAsset("GET", "/.css")).as("a dot file").isFalse();
    assertThat(StaticAssetPath.isStaticAsset("GET", "/download.jsp")).isFalse();
    assertThat(StaticAssetPath.isStaticAsset("GET", "/a" + "/b".repeat(RoutePath.MAX_PATH_LENGTH) + ".css")).as("too long to be read").isFalse();
  }
}
