package com.mallquest.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ZipfTest {

  @Test
  void probabilities_addUpToOne_andFallWithRank() {
    Zipf zipf = new Zipf(1000, 0.99);
    double sum = 0;
    for (int k = 0; k < zipf.size(); k++) {
      sum += zipf.probability(k);
      if (k > 0) {
        assertThat(zipf.probability(k)).isLessThan(zipf.probability(k - 1));
      }
    }
    assertThat(sum).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void draws_followTheDistribution() {
    Zipf zipf = new Zipf(100, 1.0);
    int[] counts = new int[100];
    int draws = 200_000;
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < draws; i++) {
      counts[zipf.next(random)]++;
    }
    // rank 0: 1/H(100) = 19.3%; rank 1 half of that; rank 9 a tenth of it
    assertThat(counts[0] / (double) draws).isCloseTo(zipf.probability(0), within(0.005));
    assertThat(counts[1] / (double) draws).isCloseTo(zipf.probability(1), within(0.005));
    assertThat(counts[9] / (double) draws).isCloseTo(zipf.probability(9), within(0.003));
    assertThat((double) counts[0] / counts[9]).isCloseTo(10.0, within(1.0));
  }

  @Test
  void exponentZero_isUniform_andEveryRankIsInRange() {
    Zipf zipf = new Zipf(10, 0);
    int[] counts = new int[10];
    SplittableRandom random = new SplittableRandom(7);
    for (int r : zipf.sample(100_000, random)) {
      counts[r]++;
    }
    for (int c : counts) {
      assertThat(c).isBetween(9_000, 11_000);
    }
  }

  @Test
  void badArguments_areRefused() {
    assertThatThrownBy(() -> new Zipf(0, 1)).hasMessageContaining("n must be at least 1");
    assertThatThrownBy(() -> new Zipf(10, -1)).hasMessageContaining("exponent");
    assertThatThrownBy(() -> new Zipf(10, Double.NaN)).hasMessageContaining("exponent");
  }
}
