package com.mallquest.bench.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The policies on traces small enough to work out by hand. */
class PoliciesTest {

  @Test
  void lru_evictsTheLeastRecentlyUsed() {
    // size 2: 1 2 1 3 (evicts 2) 1 2 (miss, evicts 3) -> hits: 1, 1
    assertThat(Policies.lru(new long[] {1, 2, 1, 3, 1, 2}, 2)).isEqualTo(2);
  }

  @Test
  void lru_cyclicLoopLargerThanTheCache_neverHits() {
    assertThat(Policies.lru(new long[] {1, 2, 3, 1, 2, 3, 1, 2, 3}, 2)).isZero();
  }

  @Test
  void opt_evictsTheKeyUsedFarthestInTheFuture() {
    // size 2, trace 1 2 3 1 2 3. At the first 3: next uses 1@3, 2@4, so 2 leaves -> {1, 3}.
    // 1 hits. 2 misses: 1 is never used again, so 1 leaves -> {3, 2}. 3 hits. Two hits; LRU gets
    // none.
    assertThat(Policies.opt(new long[] {1, 2, 3, 1, 2, 3}, 2)).isEqualTo(2);
    assertThat(Policies.lru(new long[] {1, 2, 3, 1, 2, 3}, 2)).isZero();
  }

  @Test
  void opt_neverWorseThanLru_andAllHitsWhenEverythingFits() {
    long[] trace = {5, 6, 7, 5, 6, 7, 8, 5, 9, 6, 7, 5};
    for (int size = 1; size <= 5; size++) {
      assertThat(Policies.opt(trace, size)).isGreaterThanOrEqualTo(Policies.lru(trace, size));
    }
    assertThat(Policies.opt(trace, 10)).isEqualTo(trace.length - 5);
  }

  @Test
  void memoryTier_holdsAWorkingSetThatFits() {
    long[] trace = new long[1000];
    for (int i = 0; i < trace.length; i++) {
      trace[i] = i % 50;
    }
    assertThat(Policies.memoryTier(trace, 100)).isEqualTo(950);
  }
}
