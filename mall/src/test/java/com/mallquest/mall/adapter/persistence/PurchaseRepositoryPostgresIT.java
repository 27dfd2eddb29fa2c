package com.mallquest.mall.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mallquest.mall.application.port.BalanceChange;
import com.mallquest.mall.domain.LedgerReason;
import com.mallquest.mall.domain.Shopper;
import com.mallquest.mall.domain.Store;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PurchaseRepositoryPostgresIT extends PurchaseRepositoryContract {

  @Override
  TestDatabase openDatabase() {
    return TestDatabase.postgres();
  }

  /**
   * ADR 0028: a purchase for the version it saw, while another transaction holds the shopper's row
   * and moves it on, waits for that transaction and then declines (PostgreSQL checks the row again
   * as the other transaction left it), changing nothing: the use case then takes the locking path.
   */
  @Test
  void insertAndCreditIfAt_rowHeldByATransactionThatMovesItOn_waitsThenDeclines() throws Exception {
    Shopper shopper = givenShopper();
    Store store = givenStore();
    CountDownLatch moved = new CountDownLatch(1);
    CountDownLatch commit = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> mover =
          pool.submit(
              () ->
                  database
                      .transactions()
                      .inTransaction(
                          () -> {
                            shoppers().lockById(shopper.id()).orElseThrow();
                            shoppers()
                                .applyCoins(
                                    BalanceChange.coins(
                                        shopper.id(), 5, LedgerReason.ADJUSTMENT, "move", T0))
                                .orElseThrow();
                            moved.countDown();
                            awaitLatch(commit);
                            return null;
                          }));
      assertThat(moved.await(1, TimeUnit.MINUTES)).isTrue();
      Future<Optional<BalanceChange.Applied>> seen =
          pool.submit(
              () ->
                  insertAndCreditIfAt(
                      shopper.version(), newPurchase(shopper.id(), store.id(), "HELD-1", T0)));
      await("the purchase waits for the row's lock")
          .atMost(Duration.ofMinutes(1))
          .until(this::sessionsWaitingForALock, n -> n > 0);
      assertThat(seen).as("still waiting").isNotDone();
      commit.countDown();
      mover.get(1, TimeUnit.MINUTES);

      assertThat(seen.get(1, TimeUnit.MINUTES)).isEmpty();
      Shopper after = shoppers().findById(shopper.id()).orElseThrow();
      assertThat(after.coins())
          .as("the other transaction's change only")
          .isEqualTo(shopper.coins() + 5);
      assertThat(after.version()).isEqualTo(shopper.version() + 1);
      assertThat(purchases().findByReceipt(store.id(), "HELD-1")).isEmpty();
      assertThat(rowsFor(shopper.id())).isZero();
    } finally {
      pool.shutdownNow();
    }
  }

  private long sessionsWaitingForALock() {
    return database
        .jdbc()
        .sql(
            "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND wait_event_type = 'Lock'")
        .query(Long.class)
        .single();
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      if (!latch.await(1, TimeUnit.MINUTES)) {
        throw new IllegalStateException("the test did not let the transaction commit");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
