package dev.vigil.agent.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The attacker writes the path: patterns full of wildcards must give the right answer on any path, fast. */
class RoutePatternAdversarialTest {
  private static final String[] PATTERN_SEGMENTS = {"**", "**", "*", "a", "b", "ab", "a*", "*b", "*a*", "a*b*"};
  private static final String[] PATH_SEGMENTS = {"a", "b", "ab", "ba", "aab", "bab", "bb"};

  @Test
  void wildcardPatternsAgreeWithARegexOnRandomPaths() {
    Random random = new Random(20261201L);
    for (int round = 0; round < 20_000; round++) {
      String pattern = randomPath(random, PATTERN_SEGMENTS, 6);
      String path = randomPath(random, PATH_SEGMENTS, 8);
      assertThat(new RoutePattern(pattern).matches(path))
          .as(pattern + " ~ " + path)
          .isEqualTo(reference(pattern).matcher(path.equals("/") ? "" : path).matches());
    }
  }

  @Test
  void aPaddedPathThatUsedToTakeSecondsIsAnsweredCorrectly() {
    RoutePattern pattern = new RoutePattern("/**/api/**/admin/**/delete");
    StringBuilder padding = new StringBuilder();
    while (padding.length() < 7_000) {
      padding.append("/api/admin");
    }
    assertThat(pattern.matches(padding + "/x")).isFalse();
    assertThat(pattern.matches(padding + "/delete")).isTrue();
    assertThat(pattern.matches("/x/api/y/admin/z/delete")).isTrue();
  }

  @Test
  void aLongSegmentAgainstManyStarsIsAnsweredCorrectly() {
    RoutePattern pattern = new RoutePattern("/**/*a*a*a*a*a*b/**/*a*a*a*c");
    String segment = "a".repeat(4_000);
    assertThat(pattern.matches("/" + segment + "/" + segment)).isFalse();
    assertThat(pattern.matches("/" + segment + "b/x/" + segment + "c")).isTrue();
  }

  @Test
  void patternsAreLimitedToSixtyThreeSegments() {
    String longest = "/a".repeat(RoutePattern.MAX_SEGMENTS);
    assertThat(new RoutePattern(longest).matches(longest)).isTrue();
    assertThat(new RoutePattern("/**" + longest.substring(2)).matches("/b" + longest)).isTrue();
    assertThat(RoutePattern.segmentCount(longest + "/a")).isEqualTo(64);
    assertThatThrownBy(() -> new RoutePattern(longest + "/*")).isInstanceOf(IllegalArgumentException.class);
  }

  private static String randomPath(Random random, String[] choices, int maxSegments) {
    int count = random.nextInt(maxSegments + 1);
    StringBuilder path = new StringBuilder();
    for (int i = 0; i < count; i++) {
      path.append('/').append(choices[random.nextInt(choices.length)]);
    }
    return path.length() == 0 ? "/" : path.toString();
  }

  /** The textbook meaning: {@code /**} is any number of segments, {@code *} any run of characters within one. */
  private static Pattern reference(String pattern) {
    StringBuilder regex = new StringBuilder();
    for (String segment : pattern.substring(1).split("/")) {
      if (segment.isEmpty()) {
        continue;
      }
      regex.append(segment.equals("**") ? "(/[^/]+)*" : "/" + segment.replace("*", "[^/]*"));
    }
    return Pattern.compile(regex.toString());
  }
}
