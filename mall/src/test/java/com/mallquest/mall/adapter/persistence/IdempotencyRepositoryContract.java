package com.mallquest.mall.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.mallquest.mall.application.port.IdempotencyRepository.Entry;
import com.mallquest.mall.application.port.IdempotencyRepository.StoredResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

abstract class IdempotencyRepositoryContract extends DatabaseContract {

  private static final String HASH = "a".repeat(64);

  JdbcIdempotencyRepository entries() {
    return new JdbcIdempotencyRepository(database.dataSource());
  }

  @Test
  void claim_new_isInFlightUntilCompleted() {
    assertThat(entries().claim("k1", "idem-1", HASH, T0)).isTrue();

    assertThat(entries().find("k1", "idem-1"))
        .contains(new Entry("k1", "idem-1", HASH, Optional.empty(), T0));
  }

  @Test
  void claim_twice_secondIsRefused() {
    assertThat(entries().claim("k1", "idem-1", HASH, T0)).isTrue();

    assertThat(entries().claim("k1", "idem-1", "b".repeat(64), T0.plusSeconds(1))).isFalse();
    assertThat(entries().find("k1", "idem-1").orElseThrow().requestHash()).isEqualTo(HASH);
  }

  @Test
  void claim_sameIdempotencyKeyOtherApiKey_isSeparate() {
    assertThat(entries().claim("k1", "idem-1", HASH, T0)).isTrue();
    assertThat(entries().claim("k2", "idem-1", HASH, T0)).isTrue();
  }

  @Test
  void complete_storesTheResponseVerbatim() {
    entries().claim("k1", "idem-1", HASH, T0);
    StoredResponse response =
        new StoredResponse(
            201,
            Optional.of("application/json"),
            Optional.of("/api/v1/shoppers/x"),
            "{\"name\":\"Zoë ' ; DROP TABLE shoppers; --\"}");

    entries().complete("k1", "idem-1", response);

    assertThat(entries().find("k1", "idem-1").orElseThrow().response()).contains(response);
  }

  @Test
  void complete_withoutOptionalParts_readsBackEmpty() {
    entries().claim("k1", "idem-1", HASH, T0);
    StoredResponse response = new StoredResponse(204, Optional.empty(), Optional.empty(), "");

    entries().complete("k1", "idem-1", response);

    assertThat(entries().find("k1", "idem-1").orElseThrow().response()).contains(response);
  }

  @Test
  void delete_onlyTheClaimMadeAtThatTime() {
    entries().claim("k1", "idem-1", HASH, T0);

    entries().delete("k1", "idem-1", T0.plusSeconds(1));
    assertThat(entries().find("k1", "idem-1")).isPresent();

    entries().delete("k1", "idem-1", T0);
    assertThat(entries().find("k1", "idem-1")).isEmpty();
  }

  @Test
  void deleteCreatedBefore_removesOnlyOlderEntries() {
    entries().claim("k1", "old", HASH, T0);
    entries().claim("k1", "new", HASH, T0.plus(Duration.ofHours(25)));

    int deleted = entries().deleteCreatedBefore(T0.plus(Duration.ofHours(1)));

    assertThat(deleted).isEqualTo(1);
    assertThat(entries().find("k1", "old")).isEmpty();
    assertThat(entries().find("k1", "new")).isPresent();
  }

  @Test
  void claim_16threadsSameKey_exactlyOneWins() throws Exception {
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Callable<Boolean> claim =
          () -> {
            start.await();
            return entries().claim("k1", "race", HASH, T0);
          };
      results.add(pool.submit(claim));
    }
    start.countDown();
    int won = 0;
    for (Future<Boolean> f : results) {
      won += f.get(1, TimeUnit.MINUTES) ? 1 : 0;
    }
    pool.shutdown();

    assertThat(won).isEqualTo(1);
  }
}
