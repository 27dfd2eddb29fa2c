package com.mallquest.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MixTest {

  @Test
  void parse_default() {
    Mix mix = Mix.parse(Mix.DEFAULT);
    assertThat(mix.weights())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                Operation.READ,
                70,
                Operation.PURCHASE,
                15,
                Operation.CHECKIN,
                10,
                Operation.OTHER,
                5));
    assertThat(mix.toString()).isEqualTo(Mix.DEFAULT);
  }

  @Test
  void parse_leftOutOperations_getZero_andWeightsAreNormalized() {
    Mix mix = Mix.parse(" purchase = 3 , read=1 ");
    assertThat(mix.share(Operation.PURCHASE)).isEqualTo(0.75);
    assertThat(mix.share(Operation.CHECKIN)).isZero();
  }

  @Test
  void pick_drawsEachOperationInItsShare() {
    Mix mix = Mix.parse(Mix.DEFAULT);
    Map<Operation, Integer> counts = new EnumMap<>(Operation.class);
    SplittableRandom random = new SplittableRandom(1);
    int n = 100_000;
    for (int i = 0; i < n; i++) {
      counts.merge(mix.pick(random.nextDouble()), 1, Integer::sum);
    }
    assertThat(counts.get(Operation.READ) / (double) n).isCloseTo(0.70, within(0.01));
    assertThat(counts.get(Operation.PURCHASE) / (double) n).isCloseTo(0.15, within(0.01));
    assertThat(counts.get(Operation.CHECKIN) / (double) n).isCloseTo(0.10, within(0.01));
    assertThat(counts.get(Operation.OTHER) / (double) n).isCloseTo(0.05, within(0.01));
  }

  @Test
  void pick_neverChoosesAZeroWeight() {
    Mix mix = Mix.parse("read=0,purchase=1");
    assertThat(mix.pick(0.0)).isEqualTo(Operation.PURCHASE);
    assertThat(mix.pick(0.999999)).isEqualTo(Operation.PURCHASE);
  }

  @Test
  void parse_refusesBadInput_withAClearMessage() {
    assertThatThrownBy(() -> Mix.parse("read=70,buy=30"))
        .hasMessageContaining("unknown operation 'buy'");
    assertThatThrownBy(() -> Mix.parse("read")).hasMessageContaining("name=weight");
    assertThatThrownBy(() -> Mix.parse("read=x")).hasMessageContaining("not an integer");
    assertThatThrownBy(() -> Mix.parse("read=-1,purchase=2"))
        .hasMessageContaining("must not be negative");
    assertThatThrownBy(() -> Mix.parse("read=0")).hasMessageContaining("more than 0");
    assertThatThrownBy(() -> Mix.parse("read=1,read=2")).hasMessageContaining("twice");
    assertThatThrownBy(() -> Mix.parse(" ")).hasMessageContaining("must not be empty");
  }
}
