package com.mallquest.mall.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.mallquest.mall.domain.Installation;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The installation row (V6): written once, whoever races; its cache epoch only goes up. */
abstract class InstallationRepositoryContract extends DatabaseContract {

  private JdbcInstallationRepository installations() {
    return new JdbcInstallationRepository(database.dataSource(), Clock.fixed(T0, ZoneOffset.UTC));
  }

  @Test
  void createIfAbsent_manyInstancesAtOnce_oneRowWinsAndEveryoneGetsIt() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      Callable<Installation> start = () -> installations().createIfAbsent(Installation.create());
      java.util.List<Future<Installation>> results = new java.util.ArrayList<>();
      for (int i = 0; i < 16; i++) {
        results.add(pool.submit(start));
      }
      Installation stored = installations().find().orElseThrow();
      for (Future<Installation> f : results) {
        assertThat(f.get(1, TimeUnit.MINUTES)).isEqualTo(stored);
      }
      assertThat(stored.cacheEpoch()).isZero();
      assertThat(
              database.jdbc().sql("SELECT COUNT(*) FROM installation").query(Long.class).single())
          .isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void bumpCacheEpoch_toTheGivenMillisOrByOne_neverDown() {
    Installation first = installations().createIfAbsent(Installation.create());

    Installation toMillis = installations().bumpCacheEpoch(1_796_000_000_000L);
    Installation byOne = installations().bumpCacheEpoch(5);

    assertThat(toMillis).isEqualTo(new Installation(first.id(), 1_796_000_000_000L));
    assertThat(byOne).isEqualTo(new Installation(first.id(), 1_796_000_000_001L));
    assertThat(installations().find()).contains(byOne);
    assertThat(byOne.cacheKey()).isNotEqualTo(first.cacheKey()).endsWith("-e1796000000001");
  }
}
