package com.mallquest.mall.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** IN lists of few lengths: a statement per length, so a handful of statements, each prepared. */
class SqlValuesTest {

  @Property
  void inList_keepsTheValues_andRoundsTheLengthUpToAPowerOfTwo(
      @ForAll @IntRange(min = 1, max = 2_500) int size) {
    List<Integer> values = IntStream.range(0, size).boxed().toList();

    List<Integer> padded = SqlValues.inList(values);

    assertThat(new HashSet<>(padded)).isEqualTo(new HashSet<>(values));
    assertThat(padded.subList(0, size)).isEqualTo(values);
    if (size >= SqlValues.MAX_IN_LIST) {
      assertThat(padded).hasSize(size);
    } else {
      assertThat(padded.size()).isGreaterThanOrEqualTo(size).isLessThan(2 * size);
      assertThat(Integer.bitCount(padded.size()) == 1 || padded.size() == SqlValues.MAX_IN_LIST)
          .as("length %d for %d values", padded.size(), size)
          .isTrue();
    }
  }

  @Test
  void everyLengthUpToTheLimit_takesElevenStatementsAtMost() {
    Set<Integer> lengths = new HashSet<>();
    for (int size = 1; size <= SqlValues.MAX_IN_LIST; size++) {
      lengths.add(SqlValues.inList(IntStream.range(0, size).boxed().toList()).size());
    }

    assertThat(lengths)
        .containsExactlyInAnyOrder(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, SqlValues.MAX_IN_LIST);
  }

  @Test
  void chunks_areEachPadded_andCoverEveryValue() {
    List<Integer> values = IntStream.range(0, 2_300).boxed().toList();

    List<List<Integer>> chunks = SqlValues.chunks(values);

    assertThat(chunks).extracting(List::size).containsExactly(1_000, 1_000, 512);
    assertThat(chunks.stream().flatMap(List::stream).distinct().toList()).isEqualTo(values);
    assertThat(SqlValues.chunks(List.of())).isEmpty();
  }
}
