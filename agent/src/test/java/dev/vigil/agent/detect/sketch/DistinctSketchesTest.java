package dev.vigil.agent.detect.sketch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The two distinct counters are accurate enough where the detectors put their thresholds, and forget with their window. */
class DistinctSketchesTest {
  private final SplittableRandom random = new SplittableRandom(11);

  @Test
  void linearCountingIsWithinAFewPercentUpToTwiceItsBits() {
    for (int distinct : new int[] {30, 300, 1_500}) {
      LinearCounter counter = new LinearCounter(1024, 0);
      for (int i = 0; i < distinct; i++) {
        long hash = random.nextLong();
        counter.add(hash);
        counter.add(hash); // repeats do not count
      }
      assertThat(counter.distinct()).isCloseTo(distinct, within(distinct * 0.08));
    }
  }

  @Test
  void hyperLogLogIsWithinItsErrorAtThousands() {
    for (int distinct : new int[] {100, 3_000, 50_000}) {
      HyperLogLog counter = new HyperLogLog(0);
      for (int i = 0; i < distinct; i++) {
        counter.add(random.nextLong());
      }
      assertThat(counter.distinct()).isCloseTo(distinct, within(distinct * 0.3));
    }
  }

  @Test
  void aNewWindowStartsEmpty() {
    LinearCounter linear = new LinearCounter(64, 0);
    HyperLogLog log = new HyperLogLog(0);
    for (int i = 0; i < 50; i++) {
      linear.add(random.nextLong());
      log.add(random.nextLong());
    }
    assertThat(linear.restartIfOver(10, 100)).isFalse();
    assertThat(linear.restartIfOver(101, 100)).isTrue();
    assertThat(log.restartIfOver(101, 100)).isTrue();
    assertThat(linear.distinct()).isZero();
    assertThat(log.distinct()).isZero();
  }
}
