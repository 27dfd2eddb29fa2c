package com.mallquest.mall.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mallquest.mall.application.port.ShopperRepository;
import com.mallquest.mall.domain.LedgerEntry;
import com.mallquest.mall.domain.LedgerReason;
import com.mallquest.mall.domain.NotFoundException;
import com.mallquest.mall.domain.Shopper;
import com.mallquest.mall.domain.ShopperId;
import com.mallquest.mall.domain.VipTier;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;

abstract class ShopperRepositoryContract extends DatabaseContract {

  private static final int THREADS = 16;
  private static final int PURCHASES_PER_THREAD = 200;

  @Test
  void insert_newShopper_findByIdReturnsEqualShopper() {
    Shopper shopper =
        new Shopper(
            ShopperId.of("shopper-1"), "Amira", "pt-BR", ZoneId.of("America/Sao_Paulo"), 120, 340,
            3, VipTier.GOLD, 99_999, 4, LocalDate.of(2024, 4, 30), T0, 7);

    assertThat(shoppers().insert(shopper)).isTrue();

    assertThat(shoppers().findById(shopper.id())).contains(shopper);
  }

  @Test
  void insert_timeWithNanoseconds_storedAtMicroseconds() {
    Shopper shopper = newShopper(ShopperId.random());
    Instant withNanos = Instant.parse("2024-05-01T10:15:30.123456789Z");

    shoppers().insert(withShopperCreatedAt(shopper, withNanos));

    assertThat(shoppers().findById(shopper.id()).orElseThrow().createdAt())
        .isEqualTo(Instant.parse("2024-05-01T10:15:30.123456Z"));
  }

  @Test
  void insert_existingId_returnsFalseAndKeepsFirst() {
    Shopper first = givenShopper();
    Shopper second =
        first.withProfile(Optional.of("Someone else"), Optional.empty(), Optional.empty());

    assertThat(shoppers().insert(second)).isFalse();

    assertThat(shoppers().findById(first.id())).contains(first);
    assertThat(shoppers().count()).isEqualTo(1);
  }

  @Test
  void insertNew_someExist_insertsTheOthersAndCountsThem() {
    Shopper existing = givenShopper();
    List<Shopper> batch = new ArrayList<>();
    IntStream.range(0, 5).forEach(i -> batch.add(Shopper.register(ShopperId.of("bulk-" + i), "Bulk " + i,
        "pt-br", ZoneId.of("Asia/Tokyo"), ZoneId.of("UTC"), T0)));
    batch.add(2, existing.withProfile(Optional.of("Not me"), Optional.empty(), Optional.empty()));

    assertThat(shoppers().insertNew(batch)).isEqualTo(5);

    assertThat(shoppers().findById(existing.id())).contains(existing);
    assertThat(shoppers().findById(ShopperId.of("bulk-3"))).contains(batch.get(4));
    assertThat(shoppers().count()).isEqualTo(6);
    assertThat(shoppers().insertNew(batch)).as("a re-run inserts nothing").isZero();
    assertThat(shoppers().count()).isEqualTo(6);
  }

  @Test
  void insertNew_fullBatch_insertsEveryRowInOneStatement() {
    List<Shopper> batch = IntStream.range(0, ShopperRepository.MAX_INSERT_BATCH)
        .mapToObj(i -> newShopper(ShopperId.of("full-" + i))).toList();

    assertThat(shoppers().insertNew(batch)).isEqualTo(ShopperRepository.MAX_INSERT_BATCH);
    assertThat(shoppers().insertNew(batch.subList(0, 10))).isZero();

    assertThat(shoppers().count()).isEqualTo(ShopperRepository.MAX_INSERT_BATCH);
  }

  @Test
  void insertNew_shopperWithProgress_isRefusedAndNothingInserted() {
    Shopper fresh = newShopper(ShopperId.of("fresh"));
    Shopper withCoins = new Shopper(ShopperId.of("rich"), "Rich", "en", ZoneId.of("UTC"), 5, 0, 1, VipTier.BRONZE,
        0, 0, null, T0, 0);

    assertThatThrownBy(() -> shoppers().insertNew(List.of(fresh, withCoins)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rich");

    assertThat(shoppers().count()).isZero();
  }

  @Test
  void findById_absent_returnsEmpty() {
    assertThat(shoppers().findById(ShopperId.of("nobody"))).isEmpty();
  }

  @Test
  void findAllById_someAbsent_returnsThosePresent() {
    Shopper a = givenShopper();
    Shopper b = givenShopper();

    var found = shoppers().findAllById(List.of(a.id(), ShopperId.of("nobody"), b.id(), a.id()));

    assertThat(found).containsOnlyKeys(a.id(), b.id());
    assertThat(found.get(b.id())).isEqualTo(b);
  }

  @Test
  void findAllById_moreIdsThanOneInList_returnsAll() {
    List<ShopperId> ids =
        IntStream.range(0, SqlValues.MAX_IN_LIST + 5)
            .mapToObj(i -> ShopperId.of("bulk-" + i))
            .toList();
    database
        .transactions()
        .inTransaction(() -> ids.stream().map(id -> shoppers().insert(newShopper(id))).toList());

    assertThat(shoppers().findAllById(ids)).hasSize(ids.size());
  }

  @Test
  void findAllById_empty_returnsEmpty() {
    assertThat(shoppers().findAllById(List.of())).isEmpty();
  }

  @Test
  void applyPurchase_existing_addsBalancesSetsLevelAndIncrementsVersion() {
    Shopper shopper = givenShopper();

    Shopper updated = shoppers().applyPurchase(shopper.id(), 50, 70, 5_000, 2, VipTier.SILVER);

    assertThat(updated.coins()).isEqualTo(50);
    assertThat(updated.xp()).isEqualTo(70);
    assertThat(updated.lifetimeSpendMinor()).isEqualTo(5_000);
    assertThat(updated.level()).isEqualTo(2);
    assertThat(updated.vipTier()).isEqualTo(VipTier.SILVER);
    assertThat(updated.version()).isEqualTo(shopper.version() + 1);
    assertThat(shoppers().findById(shopper.id())).contains(updated);
  }

  @Test
  void applyPurchase_twice_accumulates() {
    Shopper shopper = givenShopper();

    shoppers().applyPurchase(shopper.id(), 10, 1, 100, 1, VipTier.BRONZE);
    Shopper updated = shoppers().applyPurchase(shopper.id(), 15, 2, 200, 1, VipTier.BRONZE);

    assertThat(updated.coins()).isEqualTo(25);
    assertThat(updated.xp()).isEqualTo(3);
    assertThat(updated.lifetimeSpendMinor()).isEqualTo(300);
    assertThat(updated.version()).isEqualTo(2);
  }

  @Test
  void applyPurchase_absentShopper_throwsNotFound() {
    assertThatThrownBy(
            () -> shoppers().applyPurchase(ShopperId.of("nobody"), 1, 1, 1, 1, VipTier.BRONZE))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void applyPurchase_balanceWouldGoNegative_rejectedAndUnchanged() {
    Shopper shopper = givenShopper();

    assertThatThrownBy(() -> shoppers().applyPurchase(shopper.id(), -1, 0, 0, 1, VipTier.BRONZE))
        .isInstanceOf(DataIntegrityViolationException.class);

    assertThat(shoppers().findById(shopper.id())).contains(shopper);
  }

  @Test
  void applyCheckIn_existing_addsCoinsSetsStreakAndDate() {
    Shopper shopper = givenShopper();
    LocalDate today = LocalDate.of(2024, 5, 2);

    Shopper updated = shoppers().applyCheckIn(shopper.id(), 25, 3, today);

    assertThat(updated.coins()).isEqualTo(25);
    assertThat(updated.loginStreak()).isEqualTo(3);
    assertThat(updated.lastCheckInDate()).isEqualTo(today);
    assertThat(updated.version()).isEqualTo(1);
    assertThat(shoppers().findById(shopper.id())).contains(updated);
  }

  @Test
  void updateProfile_existing_writesProfileAndIncrementsVersion() {
    Shopper shopper = givenShopper();
    Shopper changed =
        shopper.withProfile(
            Optional.of("Layla"), Optional.of("ar-AE"), Optional.of(ZoneId.of("Europe/Berlin")));

    Shopper updated = shoppers().updateProfile(changed);

    assertThat(updated.displayName()).isEqualTo("Layla");
    assertThat(updated.language()).isEqualTo("ar-AE");
    assertThat(updated.timeZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(updated.version()).isEqualTo(1);
    assertThat(shoppers().findById(shopper.id())).contains(updated);
  }

  @Test
  void updateProfile_absentShopper_throwsNotFound() {
    assertThatThrownBy(() -> shoppers().updateProfile(newShopper(ShopperId.of("nobody"))))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void lockById_outsideTransaction_throwsIllegalState() {
    Shopper shopper = givenShopper();

    assertThatThrownBy(() -> shoppers().lockById(shopper.id()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("transaction");
  }

  @Test
  void lockById_insideTransaction_returnsCommittedRow() {
    Shopper shopper = givenShopper();

    Optional<Shopper> locked =
        database.transactions().inTransaction(() -> shoppers().lockById(shopper.id()));

    assertThat(locked).contains(shopper);
  }

  @Test
  void lockById_absent_returnsEmpty() {
    ShopperId nobody = ShopperId.of("nobody");

    assertThat(database.transactions().inTransaction(() -> shoppers().lockById(nobody))).isEmpty();
  }

  @Test
  void inTransaction_workThrows_rollsBackEveryStatement() {
    Shopper shopper = givenShopper();

    assertThatThrownBy(
            () ->
                database
                    .transactions()
                    .inTransaction(
                        () -> {
                          shoppers().applyPurchase(shopper.id(), 10, 10, 10, 1, VipTier.BRONZE);
                          throw new IllegalStateException("boom");
                        }))
        .hasMessage("boom");

    assertThat(shoppers().findById(shopper.id())).contains(shopper);
  }

  /**
   * Many threads buy at once, each in its own transaction that locks the row, credits one coin and
   * writes the ledger row from what the lock read: no update is lost, every transaction sees the
   * one before it, and the ledger sums to the balance.
   */
  @Test
  void applyPurchase_concurrentTransactionsWithLock_noLostUpdates() throws Exception {
    Shopper shopper = givenShopper();
    JdbcShopperRepository shoppers = shoppers();
    JdbcLedgerRepository ledger = ledger();
    JdbcTransactions transactions = database.transactions();
    CountDownLatch start = new CountDownLatch(1);
    Callable<List<String>> buyer =
        () -> {
          List<String> anomalies = new ArrayList<>();
          start.await();
          for (int i = 0; i < PURCHASES_PER_THREAD; i++) {
            transactions.inTransaction(
                () -> {
                  Shopper locked = shoppers.lockById(shopper.id()).orElseThrow();
                  Shopper updated =
                      shoppers.applyPurchase(shopper.id(), 1, 2, 100, 1, VipTier.BRONZE);
                  if (updated.coins() != locked.coins() + 1
                      || updated.version() != locked.version() + 1) {
                    anomalies.add("locked " + locked + " but then got " + updated);
                  }
                  return ledger.append(
                      LedgerEntry.unsaved(
                          shopper.id(), 1, updated.coins(), LedgerReason.PURCHASE, "p", T0));
                });
          }
          return anomalies;
        };

    List<Future<List<String>>> results = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      for (int t = 0; t < THREADS; t++) {
        results.add(pool.submit(buyer));
      }
      start.countDown();
      List<String> anomalies = new ArrayList<>();
      for (Future<List<String>> result : results) {
        anomalies.addAll(result.get(2, TimeUnit.MINUTES));
      }
      assertThat(anomalies).isEmpty();
    } finally {
      pool.shutdownNow();
    }

    long total = (long) THREADS * PURCHASES_PER_THREAD;
    Shopper after = shoppers.findById(shopper.id()).orElseThrow();
    assertThat(after.coins()).isEqualTo(total);
    assertThat(after.xp()).isEqualTo(2 * total);
    assertThat(after.lifetimeSpendMinor()).isEqualTo(100 * total);
    assertThat(after.version()).isEqualTo(total);
    assertThat(ledger.sumByShopper(shopper.id())).isEqualTo(total);
    List<Long> balances =
        database
            .jdbc()
            .sql(
                "SELECT balance_after FROM coin_ledger WHERE shopper_id = :id"
                    + " ORDER BY balance_after")
            .param("id", shopper.id().value())
            .query(Long.class)
            .list();
    assertThat(balances)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
  }

  @Test
  void count_afterInserts_countsShoppers() {
    givenShopper();
    givenShopper();

    assertThat(shoppers().count()).isEqualTo(2);
  }

  @Test
  void insert_injectionLookingDisplayName_storedVerbatimAndSchemaIntact() {
    Shopper shopper =
        newShopper(ShopperId.random())
            .withProfile(Optional.of(INJECTION), Optional.empty(), Optional.empty());

    assertThat(shoppers().insert(shopper)).isTrue();
    assertThat(shoppers().findById(shopper.id()).orElseThrow().displayName()).isEqualTo(INJECTION);
    Shopper renamed =
        shoppers()
            .updateProfile(
                shopper.withProfile(
                    Optional.of("Robert'); DROP TABLE coin_ledger;--"),
                    Optional.empty(),
                    Optional.empty()));

    assertThat(shoppers().findById(shopper.id()).orElseThrow().displayName())
        .isEqualTo("Robert'); DROP TABLE coin_ledger;--");
    assertThat(renamed.displayName()).isEqualTo("Robert'); DROP TABLE coin_ledger;--");
    assertThat(shoppers().count()).isEqualTo(1);
    assertThat(ledger().sumByShopper(shopper.id())).isZero();
  }

  private static Shopper withShopperCreatedAt(Shopper s, Instant createdAt) {
    return new Shopper(
        s.id(), s.displayName(), s.language(), s.timeZone(), s.coins(), s.xp(), s.level(),
        s.vipTier(), s.lifetimeSpendMinor(), s.loginStreak(), s.lastCheckInDate(), createdAt,
        s.version());
  }
}
