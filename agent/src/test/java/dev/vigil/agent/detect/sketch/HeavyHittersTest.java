package dev.vigil.agent.detect.sketch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeavyHittersTest {
  @Test
  void aHeavyCallerStaysOnTopThroughAFloodOfDistinctKeys() {
    HeavyHitters top = new HeavyHitters(16);
    for (int i = 0; i < 100_000; i++) {
      top.add("flood-" + i, "scan");
      if (i % 10 == 0) {
        top.add("heavy", "per-ip");
      }
    }
    List<HeavyHitters.Count> counts = top.top(3);
    assertThat(counts.get(0).key).isEqualTo("heavy");
    assertThat(counts.get(0).label).isEqualTo("per-ip");
    assertThat(counts.get(0).count).as("over by at most the smallest counter").isBetween(10_000L, 10_000L + 100_000L / 16);
    assertThat(top.top(100)).as("fixed space").hasSize(16);
  }

  @Test
  void countsAreExactWhileTheKeysFit() {
    HeavyHitters top = new HeavyHitters(4);
    top.add("a", null);
    top.add("b", null);
    top.add("a", null);
    assertThat(top.count("a")).isEqualTo(2);
    assertThat(top.count("b")).isEqualTo(1);
    assertThat(top.count("c")).isZero();
  }
}
