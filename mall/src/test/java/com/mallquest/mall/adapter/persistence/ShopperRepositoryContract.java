package com.mallquest.mall.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mallquest.mall.application.port.BalanceChange;
import com.mallquest.mall.application.port.LeaderboardRepository;
import com.mallquest.mall.application.port.ShopperRepository;
import com.mallquest.mall.domain.LeaderboardScore;
import com.mallquest.mall.domain.LedgerEntry;
import com.mallquest.mall.domain.LedgerReason;
import com.mallquest.mall.domain.NotFoundException;
import com.mallquest.mall.domain.Shopper;
import com.mallquest.mall.domain.ShopperBlock;
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

abstract class ShopperRepositoryContract extends DatabaseContract {

  private static final int THREADS = 16;
  private static final int PURCHASES_PER_THREAD = 200;

  @Test
  void insert_newShopper_findByIdReturnsEqualShopper() {
    Shopper shopper =
        new Shopper(
            ShopperId.of("shopper-1"),
            "Amira",
            "pt-BR",
            ZoneId.of("America/Sao_Paulo"),
            120,
            340,
            3,
            VipTier.GOLD,
            99_999,
            4,
            LocalDate.of(2024, 4, 30),
            T0,
            7);

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
    IntStream.range(0, 5)
        .forEach(
            i ->
                batch.add(
                    Shopper.register(
                        ShopperId.of("bulk-" + i),
                        "Bulk " + i,
                        "pt-br",
                        ZoneId.of("Asia/Tokyo"),
                        ZoneId.of("UTC"),
                        T0)));
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
    List<Shopper> batch =
        IntStream.range(0, ShopperRepository.MAX_INSERT_BATCH)
            .mapToObj(i -> newShopper(ShopperId.of("full-" + i)))
            .toList();

    assertThat(shoppers().insertNew(batch)).isEqualTo(ShopperRepository.MAX_INSERT_BATCH);
    assertThat(shoppers().insertNew(batch.subList(0, 10))).isZero();

    assertThat(shoppers().count()).isEqualTo(ShopperRepository.MAX_INSERT_BATCH);
  }

  @Test
  void insertNew_shopperWithProgress_isRefusedAndNothingInserted() {
    Shopper fresh = newShopper(ShopperId.of("fresh"));
    Shopper withCoins =
        new Shopper(
            ShopperId.of("rich"),
            "Rich",
            "en",
            ZoneId.of("UTC"),
            5,
            0,
            1,
            VipTier.BRONZE,
            0,
            0,
            null,
            T0,
            0);

    assertThatThrownBy(() -> shoppers().insertNew(List.of(fresh, withCoins)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rich");

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

  private Optional<BalanceChange.Applied> apply(BalanceChange change) {
    return database.transactions().inTransaction(() -> shoppers().applyCoins(change));
  }

  private long xpLedgerSum(ShopperId id) {
    return database
        .jdbc()
        .sql("SELECT COALESCE(SUM(delta), 0) FROM xp_ledger WHERE shopper_id = :id")
        .param("id", id.value())
        .query(Long.class)
        .single();
  }

  private long rows(String table, ShopperId id) {
    return database
        .jdbc()
        .sql("SELECT COUNT(*) FROM " + table + " WHERE shopper_id = :id")
        .param("id", id.value())
        .query(Long.class)
        .single();
  }

  @Test
  void applyCoins_purchase_addsBalancesSetsLevelAndTier_appendsBothLedgerRows() {
    Shopper shopper = givenShopper();

    BalanceChange.Applied applied =
        apply(
                BalanceChange.coins(shopper.id(), 50, LedgerReason.PURCHASE, "purchase:p1", T0)
                    .withXp(70)
                    .withSpend(5_000)
                    .withLevelAndTier(2, VipTier.SILVER))
            .orElseThrow();

    Shopper updated = applied.shopper();
    assertThat(updated.coins()).isEqualTo(50);
    assertThat(updated.xp()).isEqualTo(70);
    assertThat(updated.lifetimeSpendMinor()).isEqualTo(5_000);
    assertThat(updated.level()).isEqualTo(2);
    assertThat(updated.vipTier()).isEqualTo(VipTier.SILVER);
    assertThat(updated.version()).isEqualTo(shopper.version() + 1);
    assertThat(shoppers().findById(shopper.id())).contains(updated);
    LedgerEntry entry = applied.coinEntry().orElseThrow();
    assertThat(entry.id()).isPositive();
    assertThat(entry.delta()).isEqualTo(50);
    assertThat(entry.balanceAfter()).isEqualTo(50);
    assertThat(entry.reason()).isEqualTo(LedgerReason.PURCHASE);
    assertThat(entry.reference()).isEqualTo("purchase:p1");
    assertThat(ledger().findByShopper(shopper.id(), Optional.empty(), 10)).containsExactly(entry);
    assertThat(xpLedgerSum(shopper.id())).isEqualTo(70);
  }

  @Test
  void applyCoins_twice_accumulates_levelAndTierKeptWhenNotSet() {
    Shopper shopper = givenShopper();

    apply(
        BalanceChange.coins(shopper.id(), 10, LedgerReason.PURCHASE, "a", T0)
            .withXp(1)
            .withSpend(100)
            .withLevelAndTier(3, VipTier.GOLD));
    Shopper updated =
        apply(BalanceChange.coins(shopper.id(), 15, LedgerReason.MISSION_REWARD, "b", T0).withXp(2))
            .orElseThrow()
            .shopper();

    assertThat(updated.coins()).isEqualTo(25);
    assertThat(updated.xp()).isEqualTo(3);
    assertThat(updated.lifetimeSpendMinor()).isEqualTo(100);
    assertThat(updated.level()).isEqualTo(3);
    assertThat(updated.vipTier()).isEqualTo(VipTier.GOLD);
    assertThat(updated.version()).isEqualTo(2);
    assertThat(ledger().sumByShopper(shopper.id())).isEqualTo(25);
  }

  /**
   * ADR 0031: a balance change writes its xp row last in the shopper's (time, id) order, with the
   * shopper's new xp as its running total, even from an instance whose clock is behind: the row
   * takes the time of the shopper's newest row instead. A change without xp writes no row.
   */
  @Test
  void applyCoins_xpRowComesLastWithItsRunningTotal_evenWhenTheClockIsBehind() {
    Shopper shopper = givenShopper();
    ShopperId id = shopper.id();
    Instant t10 = T0.plusSeconds(10);
    Instant t20 = T0.plusSeconds(20);

    apply(BalanceChange.coins(id, 1, LedgerReason.PURCHASE, "a", t10).withXp(5));
    apply(BalanceChange.coins(id, 1, LedgerReason.PURCHASE, "b", T0).withXp(7));
    apply(BalanceChange.coins(id, 1, LedgerReason.PURCHASE, "c", T0));
    Shopper last =
        apply(BalanceChange.coins(id, -1, LedgerReason.REFUND, "d", t20).withXp(-2))
            .orElseThrow()
            .shopper();

    List<String> rows =
        database
            .jdbc()
            .sql(
                "SELECT reference, created_at, xp_after FROM xp_ledger WHERE shopper_id = :id"
                    + " ORDER BY id")
            .param("id", id.value())
            .query(
                (rs, n) ->
                    rs.getString("reference")
                        + "@"
                        + SqlValues.instant(rs, "created_at")
                        + "="
                        + rs.getLong("xp_after"))
            .list();
    assertThat(rows).containsExactly("a@" + t10 + "=5", "b@" + t10 + "=12", "d@" + t20 + "=10");
    assertThat(last.xp()).isEqualTo(10);

    JdbcLeaderboardRepository boards = new JdbcLeaderboardRepository(database.dataSource());
    List<LeaderboardRepository.Versioned> scores =
        boards.scoresOf(
            id, List.of(Instant.EPOCH, t10, t10.plusNanos(1_000), t20.plusNanos(1_000)));
    assertThat(scores)
        .extracting(v -> v.score().map(LeaderboardScore::xp))
        .containsExactly(Optional.of(10L), Optional.of(10L), Optional.empty(), Optional.empty());
    assertThat(scores.get(0).score().orElseThrow().reachedAt()).isEqualTo(t20);
  }

  @Test
  void applyCoins_absentShopper_empty() {
    assertThat(
            apply(BalanceChange.coins(ShopperId.of("nobody"), 1, LedgerReason.PURCHASE, "p", T0)))
        .isEmpty();
  }

  @Test
  void applyCoins_anyBalanceWouldGoBelowZero_emptyAndNothingChanged() {
    Shopper shopper = givenShopper();
    apply(
        BalanceChange.coins(shopper.id(), 10, LedgerReason.PURCHASE, "p", T0)
            .withXp(10)
            .withSpend(10));
    Shopper before = shoppers().findById(shopper.id()).orElseThrow();

    assertThat(apply(BalanceChange.coins(shopper.id(), -11, LedgerReason.REDEMPTION, "r", T0)))
        .isEmpty();
    assertThat(
            apply(BalanceChange.coins(shopper.id(), -1, LedgerReason.REFUND, "r", T0).withXp(-11)))
        .isEmpty();
    assertThat(
            apply(
                BalanceChange.coins(shopper.id(), -1, LedgerReason.REFUND, "r", T0).withSpend(-11)))
        .isEmpty();

    assertThat(shoppers().findById(shopper.id())).contains(before);
    assertThat(rows("coin_ledger", shopper.id())).isEqualTo(1);
    assertThat(rows("xp_ledger", shopper.id())).isEqualTo(1);
    // Down to exactly zero is allowed.
    BalanceChange.Applied spent =
        apply(BalanceChange.coins(shopper.id(), -10, LedgerReason.REDEMPTION, "r", T0))
            .orElseThrow();
    assertThat(spent.shopper().coins()).isZero();
    assertThat(spent.coinEntry().orElseThrow().balanceAfter()).isZero();
  }

  @Test
  void applyCoins_checkIn_setsStreakAndDate_noLedgerRowsForZeroDeltas() {
    Shopper shopper = givenShopper();
    LocalDate today = LocalDate.of(2024, 5, 2);

    BalanceChange.Applied withCoins =
        apply(
                BalanceChange.coins(
                        shopper.id(), 25, LedgerReason.CHECK_IN, "check-in:" + today, T0)
                    .withCheckIn(3, today))
            .orElseThrow();
    BalanceChange.Applied without =
        apply(
                BalanceChange.coins(
                        shopper.id(), 0, LedgerReason.CHECK_IN, "check-in:" + today.plusDays(1), T0)
                    .withCheckIn(4, today.plusDays(1)))
            .orElseThrow();

    assertThat(withCoins.shopper().coins()).isEqualTo(25);
    assertThat(withCoins.shopper().loginStreak()).isEqualTo(3);
    assertThat(withCoins.shopper().lastCheckInDate()).isEqualTo(today);
    assertThat(without.shopper().loginStreak()).isEqualTo(4);
    assertThat(without.shopper().lastCheckInDate()).isEqualTo(today.plusDays(1));
    assertThat(without.shopper().version()).isEqualTo(2);
    assertThat(without.coinEntry()).isEmpty();
    assertThat(rows("coin_ledger", shopper.id())).isEqualTo(1);
    assertThat(rows("xp_ledger", shopper.id())).isZero();
  }

  @Test
  void applyCoins_outsideTransaction_throwsIllegalState() {
    Shopper shopper = givenShopper();

    assertThatThrownBy(
            () ->
                shoppers()
                    .applyCoins(
                        BalanceChange.coins(shopper.id(), 1, LedgerReason.PURCHASE, "p", T0)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("transaction");
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
  void lockWithBlock_notBlocked_returnsCommittedRowAndNoBlock() {
    Shopper shopper = givenShopper();

    Optional<ShopperRepository.Locked> locked =
        database.transactions().inTransaction(() -> shoppers().lockWithBlock(shopper.id()));

    assertThat(locked).contains(new ShopperRepository.Locked(shopper, Optional.empty()));
  }

  @Test
  void lockWithBlock_blocked_returnsTheBlock() {
    Shopper shopper = givenShopper();
    ShopperBlock block = new ShopperBlock(shopper.id(), "chargebacks", T0, "ops@mall");
    new JdbcShopperBlockRepository(database.dataSource()).insert(block);

    Optional<ShopperRepository.Locked> locked =
        database.transactions().inTransaction(() -> shoppers().lockWithBlock(shopper.id()));

    assertThat(locked.orElseThrow().shopper()).isEqualTo(shopper);
    assertThat(locked.orElseThrow().block()).contains(block);
  }

  @Test
  void lockWithBlock_absentOrOutsideTransaction_emptyOrIllegalState() {
    assertThat(
            database
                .transactions()
                .inTransaction(() -> shoppers().lockWithBlock(ShopperId.of("nobody"))))
        .isEmpty();
    Shopper shopper = givenShopper();
    assertThatThrownBy(() -> shoppers().lockWithBlock(shopper.id()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("transaction");
  }

  @Test
  void lockById_absent_returnsEmpty() {
    ShopperId nobody = ShopperId.of("nobody");

    assertThat(database.transactions().inTransaction(() -> shoppers().lockById(nobody))).isEmpty();
  }

  @Test
  void inTransaction_workThrows_rollsBackEveryStatement() {
    Shopper shopper = givenShopper();

    inRolledBackTransaction(
        () ->
            shoppers()
                .applyCoins(
                    BalanceChange.coins(shopper.id(), 10, LedgerReason.PURCHASE, "p", T0)
                        .withXp(10)));

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
                  BalanceChange.Applied applied =
                      shoppers
                          .applyCoins(
                              BalanceChange.coins(shopper.id(), 1, LedgerReason.PURCHASE, "p", T0)
                                  .withXp(2)
                                  .withSpend(100))
                          .orElseThrow();
                  Shopper updated = applied.shopper();
                  if (updated.coins() != locked.coins() + 1
                      || updated.version() != locked.version() + 1
                      || applied.coinEntry().orElseThrow().balanceAfter() != updated.coins()) {
                    anomalies.add("locked " + locked + " but then got " + updated);
                  }
                  return updated;
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
        s.id(),
        s.displayName(),
        s.language(),
        s.timeZone(),
        s.coins(),
        s.xp(),
        s.level(),
        s.vipTier(),
        s.lifetimeSpendMinor(),
        s.loginStreak(),
        s.lastCheckInDate(),
        createdAt,
        s.version());
  }
}
