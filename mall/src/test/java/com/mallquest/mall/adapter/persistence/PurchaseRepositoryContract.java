package com.mallquest.mall.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.mallquest.mall.application.outbox.Changes;
import com.mallquest.mall.application.port.BalanceChange;
import com.mallquest.mall.application.port.ChangeOutbox.Change;
import com.mallquest.mall.application.port.ChangeOutbox.Kind;
import com.mallquest.mall.application.port.ChangeOutbox.Pending;
import com.mallquest.mall.application.port.CompanionRepository.Fed;
import com.mallquest.mall.application.port.PageCursor;
import com.mallquest.mall.domain.Companion;
import com.mallquest.mall.domain.CompanionSpecies;
import com.mallquest.mall.domain.DomainEvent;
import com.mallquest.mall.domain.EvolutionStage;
import com.mallquest.mall.domain.LedgerReason;
import com.mallquest.mall.domain.LocalizedText;
import com.mallquest.mall.domain.Purchase;
import com.mallquest.mall.domain.Rarity;
import com.mallquest.mall.domain.Shopper;
import com.mallquest.mall.domain.ShopperId;
import com.mallquest.mall.domain.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;

abstract class PurchaseRepositoryContract extends DatabaseContract {

  private static final int RACERS = 8;
  private static final int RECEIPTS = 50;

  @Test
  void insert_newReceipt_findByReceiptReturnsEqualPurchase() {
    Shopper shopper = givenShopper();
    Store store = givenStore();
    Purchase purchase = newPurchase(shopper.id(), store.id(), "R-2024/05:001.a_b", T0);

    assertThat(purchases().insert(purchase)).isTrue();

    assertThat(purchases().findByReceipt(store.id(), "R-2024/05:001.a_b")).contains(purchase);
  }

  @Test
  void insert_sameStoreAndReceipt_returnsFalseAndKeepsOneRow() {
    Shopper shopper = givenShopper();
    Store store = givenStore();
    Purchase first = newPurchase(shopper.id(), store.id(), "R1", T0);
    Purchase again = newPurchase(shopper.id(), store.id(), "R1", T0.plusSeconds(5));

    assertThat(purchases().insert(first)).isTrue();
    assertThat(purchases().insert(again)).isFalse();

    assertThat(purchases().findByReceipt(store.id(), "R1")).contains(first);
    assertThat(rowsFor(shopper.id())).isEqualTo(1);
  }

  @Test
  void insert_duplicateInsideTransaction_transactionContinues() {
    // On PostgreSQL a failed statement aborts the transaction; ON CONFLICT DO NOTHING never fails.
    Shopper shopper = givenShopper();
    Store store = givenStore();
    Purchase first = newPurchase(shopper.id(), store.id(), "R1", T0);
    purchases().insert(first);

    Optional<Purchase> winner =
        database
            .transactions()
            .inTransaction(
                () -> {
                  boolean inserted =
                      purchases().insert(newPurchase(shopper.id(), store.id(), "R1", T0));
                  assertThat(inserted).isFalse();
                  return purchases().findByReceipt(store.id(), "R1");
                });

    assertThat(winner).contains(first);
  }

  /**
   * Threads race to record the same receipts, each in its own transaction, as two app instances
   * would: the losers' inserts wait for the winner's commit, report false and then see its row.
   */
  @Test
  void insert_sameReceiptConcurrently_exactlyOneInsertedAndLosersSeeWinner() throws Exception {
    Shopper shopper = givenShopper();
    Store store = givenStore();
    JdbcPurchaseRepository purchases = purchases();
    JdbcTransactions transactions = database.transactions();
    int wins =
        race(
            r -> {
              String receipt = "race-" + r;
              return transactions.inTransaction(
                  () -> {
                    boolean inserted =
                        purchases.insert(newPurchase(shopper.id(), store.id(), receipt, T0));
                    if (purchases.findByReceipt(store.id(), receipt).isEmpty()) {
                      throw new AssertionError("no purchase visible for " + receipt);
                    }
                    return inserted;
                  });
            });

    assertThat(wins).isEqualTo(RECEIPTS);
    assertThat(rowsFor(shopper.id())).isEqualTo(RECEIPTS);
  }

  /**
   * {@value #RACERS} threads, let go at once, each try receipts 0 to {@value #RECEIPTS} - 1 in
   * order: how many tries won, over all threads.
   */
  private static int race(IntPredicate tryReceipt) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    Callable<Integer> racer =
        () -> {
          start.await();
          int wins = 0;
          for (int r = 0; r < RECEIPTS; r++) {
            wins += tryReceipt.test(r) ? 1 : 0;
          }
          return wins;
        };
    int wins = 0;
    ExecutorService pool = Executors.newFixedThreadPool(RACERS);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < RACERS; t++) {
        results.add(pool.submit(racer));
      }
      start.countDown();
      for (Future<Integer> result : results) {
        wins += result.get(2, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    return wins;
  }

  private static BalanceChange creditOf(Purchase purchase) {
    return BalanceChange.coins(
            purchase.shopperId(),
            purchase.coinsEarned(),
            LedgerReason.PURCHASE,
            "purchase:" + purchase.id(),
            purchase.createdAt())
        .withXp(purchase.xpEarned())
        .withSpend(purchase.amountMinor());
  }

  /**
   * As the purchase use case calls it: holding the shopper's lock, with the outbox changes for the
   * version the credit gives the row.
   */
  private Optional<BalanceChange.Applied> insertAndCredit(
      JdbcPurchaseRepository purchases, Purchase purchase) {
    Shopper locked = shoppers().lockById(purchase.shopperId()).orElseThrow();
    return purchases.insertAndCredit(
        purchase, creditOf(purchase), changesOf(purchase, locked.version() + 1));
  }

  private Optional<BalanceChange.Applied> insertAndCredit(Purchase purchase) {
    JdbcPurchaseRepository purchases = purchases();
    return database.transactions().inTransaction(() -> insertAndCredit(purchases, purchase));
  }

  private static List<Change> changesOf(Purchase purchase, long version) {
    return Changes.ofShopper(
        purchase.shopperId(), version, true, List.of(DomainEvent.PurchaseRecorded.of(purchase)));
  }

  /** The outbox's pending changes, oldest first (drained and put back by a rollback). */
  private List<Pending> pendingChanges() {
    List<Pending> seen = new ArrayList<>();
    database.outbox(Clock.systemUTC(), () -> {}).drain(1_000, seen::addAll);
    return seen;
  }

  private long sum(String sql, ShopperId id) {
    return database.jdbc().sql(sql).param("id", id.value()).query(Long.class).single();
  }

  /** A consumer of purchase events: the outbox records them only while one is subscribed. */
  @BeforeEach
  void aWebhookSubscribesToPurchases() {
    database.subscribe("wh_purchases", true, "purchase.recorded");
  }

  @Test
  void insertAndCredit_noSubscriberToPurchaseEvents_recordsTheProfileChangeOnly() {
    database.jdbc().sql("UPDATE webhook_subscriptions SET active = FALSE").update();
    Shopper shopper = givenShopper();
    Store store = givenStore();
    Purchase locked = newPurchase(shopper.id(), store.id(), "NS-1", T0);
    Purchase seen = newPurchase(shopper.id(), store.id(), "NS-2", T0);

    BalanceChange.Applied first = insertAndCredit(locked).orElseThrow();
    Optional<BalanceChange.Applied> second =
        insertAndCreditIfAt(first.shopper().version(), seen)
            .or(() -> insertAndCredit(seen)); // H2 declines the one-statement path

    assertThat(pendingChanges())
        .extracting(Pending::kind, Pending::version)
        .containsExactly(
            tuple(Kind.SHOPPER_AND_BOARDS, first.shopper().version()),
            tuple(Kind.SHOPPER_AND_BOARDS, second.orElseThrow().shopper().version()));
  }

  @Test
  void insertAndCredit_newReceipt_insertsCreditsAppendsLedgerRows_andRecordsItsOutboxChanges() {
    Shopper shopper = givenShopper();
    Store store = givenStore();
    Purchase purchase = newPurchase(shopper.id(), store.id(), "IC-1", T0);

    BalanceChange.Applied applied = insertAndCredit(purchase).orElseThrow();

    assertRecordedAndCredited(shopper, purchase, applied);
  }

  @Test
  void insertAndCredit_changesForAnotherVersion_refused_andTheTransactionRollsBack() {
    Shopper shopper = givenShopper();
    Store store = givenStore();
    Purchase purchase = newPurchase(shopper.id(), store.id(), "IC-1", T0);
    JdbcPurchaseRepository purchases = purchases();

    assertThatThrownBy(
            () ->
                database
                    .transactions()
                    .inTransaction(
                        () ->
                            purchases.insertAndCredit(
                                purchase,
                                creditOf(purchase),
                                changesOf(purchase, shopper.version() + 2))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("version");
    assertThat(purchases().findByReceipt(store.id(), "IC-1")).isEmpty();
    assertThat(shoppers().findById(shopper.id())).contains(shopper);
    assertThat(pendingChanges()).isEmpty();
    assertThat(outboxWakeUps).hasValue(0);
  }

  @Test
  void insertAndCredit_receiptRecordedBefore_emptyAndNothingChanged() {
    Shopper shopper = givenShopper();
    Store store = givenStore();
    Purchase first = newPurchase(shopper.id(), store.id(), "IC-1", T0);
    Shopper credited = insertAndCredit(first).orElseThrow().shopper();

    Optional<BalanceChange.Applied> again =
        insertAndCredit(newPurchase(shopper.id(), store.id(), "IC-1", T0.plusSeconds(5)));

    assertThat(again).isEmpty();
    assertThat(outboxWakeUps).as("only the first commit recorded changes").hasValue(1);
    assertThat(pendingChanges()).hasSize(2);
    assertThat(shoppers().findById(shopper.id())).contains(credited);
    assertThat(purchases().findByReceipt(store.id(), "IC-1")).contains(first);
    assertThat(rowsFor(shopper.id())).isEqualTo(1);
    assertThat(sum("SELECT COUNT(*) FROM coin_ledger WHERE shopper_id = :id", shopper.id()))
        .isEqualTo(1);
    assertThat(sum("SELECT COUNT(*) FROM xp_ledger WHERE shopper_id = :id", shopper.id()))
        .isEqualTo(1);
  }

  @Test
  void insertAndCredit_outsideTransaction_throwsIllegalState() {
    Shopper shopper = givenShopper();
    Store store = givenStore();
    Purchase purchase = newPurchase(shopper.id(), store.id(), "IC-1", T0);

    assertThatThrownBy(
            () ->
                purchases()
                    .insertAndCredit(
                        purchase, creditOf(purchase), changesOf(purchase, shopper.version() + 1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("transaction");
    assertThat(rowsFor(shopper.id())).isZero();
  }

  /**
   * Threads race on the same receipts for one shopper, each purchase in its own transaction: every
   * receipt is inserted and credited exactly once, and the balance is the exact sum of the winners.
   */
  @Test
  void insertAndCredit_sameReceiptsConcurrently_eachCreditedOnce_exactTotals() throws Exception {
    Shopper shopper = givenShopper();
    Store store = givenStore();
    JdbcPurchaseRepository purchases = purchases();
    JdbcTransactions transactions = database.transactions();
    int wins =
        race(
            r -> {
              Purchase purchase = newPurchase(shopper.id(), store.id(), "credit-" + r, T0);
              return transactions.inTransaction(
                  () -> insertAndCredit(purchases, purchase).isPresent());
            });

    assertEachReceiptCreditedOnce(shopper, wins);
  }

  /**
   * ADR 0028, as the purchase use case calls it: without the lock, for the version it saw, with the
   * changes for the next one.
   */
  Optional<BalanceChange.Applied> insertAndCreditIfAt(long seenVersion, Purchase purchase) {
    JdbcPurchaseRepository purchases = purchases();
    return database
        .transactions()
        .inTransaction(
            () ->
                purchases.insertAndCreditIfAt(
                    seenVersion,
                    purchase,
                    creditOf(purchase),
                    changesOf(purchase, seenVersion + 1)));
  }

  /** Whether this contract runs on PostgreSQL (the one-statement path) or H2 (always declined). */
  boolean onPostgres() {
    return new JdbcShopperRepository(database.dataSource()).isPostgres();
  }

  @Test
  void insertAndCreditIfAt_theVersionSeen_recordsAndCreditsInOneStatementOnPostgres_declinedOnH2() {
    assertRecordedOnPostgresDeclinedOnH2(this::insertAndCreditIfAt);
  }

  /**
   * A purchase for the version seen: on PostgreSQL {@code attempt} records and credits it (read
   * back on other connections, with its ledger and outbox rows, the relay woken); H2 declines,
   * changing nothing, and the use case takes its transaction's locking path instead.
   */
  private void assertRecordedOnPostgresDeclinedOnH2(
      BiFunction<Long, Purchase, Optional<BalanceChange.Applied>> attempt) {
    Shopper shopper = givenShopper();
    Store store = givenStore();
    Purchase purchase = newPurchase(shopper.id(), store.id(), "SEEN-1", T0);

    Optional<BalanceChange.Applied> applied = attempt.apply(shopper.version(), purchase);

    if (!onPostgres()) {
      assertThat(applied).as("H2 declines").isEmpty();
      assertNothingRecorded(shopper, store, "SEEN-1");
      return;
    }
    assertRecordedAndCredited(shopper, purchase, applied.orElseThrow());
  }

  @Test
  void insertAndCreditIfAt_rowMovedOn_declinedAndNothingChanged() {
    assertDeclinedOnceTheRowMovedOn(this::insertAndCreditIfAt);
  }

  /**
   * A purchase for the version seen, after another purchase moved the row on: {@code attempt}
   * declines, and the row, the purchases and the outbox are as the other purchase left them.
   */
  private void assertDeclinedOnceTheRowMovedOn(
      BiFunction<Long, Purchase, Optional<BalanceChange.Applied>> attempt) {
    Shopper shopper = givenShopper();
    Store store = givenStore();
    Shopper moved =
        insertAndCredit(newPurchase(shopper.id(), store.id(), "MV-0", T0)).orElseThrow().shopper();
    int wakeUps = outboxWakeUps.get();
    long pending = outboxRows();

    Optional<BalanceChange.Applied> applied =
        attempt.apply(shopper.version(), newPurchase(shopper.id(), store.id(), "MV-1", T0));

    assertThat(applied).isEmpty();
    assertThat(shoppers().findById(shopper.id())).contains(moved);
    assertThat(purchases().findByReceipt(store.id(), "MV-1")).isEmpty();
    assertThat(outboxRows()).isEqualTo(pending);
    assertThat(outboxWakeUps).hasValue(wakeUps);
  }

  @Test
  void insertAndCreditIfAt_blockedShopper_declinedAndNothingChanged() {
    Shopper shopper = givenShopper();
    Store store = givenStore();
    database
        .jdbc()
        .sql(
            "INSERT INTO shopper_blocks (shopper_id, reason, blocked_at, blocked_by)"
                + " VALUES (:id, 'fraud review', :at, 'operator')")
        .param("id", shopper.id().value())
        .param("at", SqlValues.utc(T0))
        .update();

    Optional<BalanceChange.Applied> applied =
        insertAndCreditIfAt(shopper.version(), newPurchase(shopper.id(), store.id(), "IF-1", T0));

    assertThat(applied).isEmpty();
    assertNothingRecorded(shopper, store, "IF-1");
  }

  @Test
  void insertAndCreditIfAt_unknownShopper_declinedAndNothingChanged() {
    Store store = givenStore();
    ShopperId unknown = new ShopperId("nobody-" + UUID.randomUUID());

    Optional<BalanceChange.Applied> applied =
        insertAndCreditIfAt(0, newPurchase(unknown, store.id(), "IF-1", T0));

    assertThat(applied).isEmpty();
    assertThat(purchases().findByReceipt(store.id(), "IF-1")).isEmpty();
    assertThat(pendingChanges()).isEmpty();
  }

  @Test
  void insertAndCreditIfAt_receiptRecordedBefore_declinedAndNothingChanged() {
    Shopper shopper = givenShopper();
    Store store = givenStore();
    Purchase first = newPurchase(shopper.id(), store.id(), "IF-1", T0);
    Shopper credited = insertAndCredit(first).orElseThrow().shopper();

    Optional<BalanceChange.Applied> again =
        insertAndCreditIfAt(
            credited.version(), newPurchase(shopper.id(), store.id(), "IF-1", T0.plusSeconds(5)));

    assertThat(again).isEmpty();
    assertThat(shoppers().findById(shopper.id())).contains(credited);
    assertThat(purchases().findByReceipt(store.id(), "IF-1")).contains(first);
    assertThat(rowsFor(shopper.id())).isEqualTo(1);
    assertThat(pendingChanges()).as("the first purchase's two changes only").hasSize(2);
    assertThat(outboxWakeUps).hasValue(1);
  }

  /**
   * Threads race on receipts for one shopper, each purchase taking the one-statement path for the
   * version it read and, when declined, the locking path (as the use case does): every receipt is
   * credited once, the balance is the exact sum, and versions are not skipped or repeated.
   */
  @Test
  void insertAndCreditIfAt_thenLocking_concurrently_eachCreditedOnce_exactTotals()
      throws Exception {
    Shopper shopper = givenShopper();
    Store store = givenStore();
    JdbcPurchaseRepository purchases = purchases();
    JdbcTransactions transactions = database.transactions();
    int wins =
        race(
            r -> {
              Purchase purchase = newPurchase(shopper.id(), store.id(), "seen-" + r, T0);
              return transactions.inTransaction(
                  () -> {
                    long seen = shoppers().findById(shopper.id()).orElseThrow().version();
                    Optional<BalanceChange.Applied> fast =
                        purchases.insertAndCreditIfAt(
                            seen, purchase, creditOf(purchase), changesOf(purchase, seen + 1));
                    return fast.isPresent() || insertAndCredit(purchases, purchase).isPresent();
                  });
            });

    assertEachReceiptCreditedOnce(shopper, wins);
  }

  // ADR 0033: the purchase's one statement, outside a transaction, commits by itself.

  /** As the use case calls it for a purchase alone on its writer: no transaction. */
  Optional<BalanceChange.Applied> insertAndCreditAloneIfAt(
      JdbcPurchaseRepository purchases, long seenVersion, Purchase purchase) {
    return purchases.insertAndCreditAloneIfAt(
        seenVersion, purchase, creditOf(purchase), changesOf(purchase, seenVersion + 1));
  }

  @Test
  void insertAndCreditAloneIfAt_theVersionSeen_committedByItsStatementOnPostgres_declinedOnH2() {
    JdbcPurchaseRepository purchases = purchases();
    // No transaction: read back on other connections, the statement committed by itself.
    assertRecordedOnPostgresDeclinedOnH2(
        (seen, purchase) -> insertAndCreditAloneIfAt(purchases, seen, purchase));
  }

  @Test
  void insertAndCreditAloneIfAt_shopperWithCompanion_declinedAndNothingChanged() {
    Shopper shopper = givenShopper();
    Store store = givenStore();
    JdbcCompanionRepository companions = companionsWithSpecies();
    Companion owned = new Companion("c-al", shopper.id(), "cf-fox", 0, 0, true, "purchase", T0);
    database.transactions().inTransaction(() -> companions.insert(owned, "bought:1"));
    Shopper flagged = shoppers().findById(shopper.id()).orElseThrow();

    Optional<BalanceChange.Applied> applied =
        insertAndCreditAloneIfAt(
            purchases(), flagged.version(), newPurchase(shopper.id(), store.id(), "AL-1", T0));

    assertThat(applied).as("its feed would be a second statement").isEmpty();
    assertThat(shoppers().findById(shopper.id())).contains(flagged);
    assertThat(purchases().findByReceipt(store.id(), "AL-1")).isEmpty();
    assertThat(rowsFor(shopper.id())).isZero();
  }

  @Test
  void applyCoins_shopperWithCompanion_rememberedByTheInstance_soAlonePurchasesSkipTheStatement() {
    Shopper shopper = givenShopper();
    JdbcShopperRepository shoppers = shoppers();
    JdbcCompanionRepository companions = companionsWithSpecies();
    Companion owned = new Companion("c-kn", shopper.id(), "cf-fox", 0, 0, true, "purchase", T0);
    database.transactions().inTransaction(() -> companions.insert(owned, "bought:1"));
    assertThat(shoppers.knownToHaveCompanion(shopper.id())).isFalse();

    database
        .transactions()
        .inTransaction(
            () ->
                shoppers.applyCoins(
                    BalanceChange.coins(shopper.id(), 5, LedgerReason.ADJUSTMENT, "kn", T0)));

    assertThat(shoppers.knownToHaveCompanion(shopper.id())).isTrue();
    assertThat(shoppers.knownToHaveCompanion(givenShopper().id())).isFalse();
  }

  @Test
  void insertAndCreditAloneIfAt_rowMovedOn_declinedAndNothingChanged() {
    JdbcPurchaseRepository purchases = purchases();
    assertDeclinedOnceTheRowMovedOn(
        (seen, purchase) -> insertAndCreditAloneIfAt(purchases, seen, purchase));
  }

  @Test
  void insertAndCreditAloneIfAt_insideATransaction_throwsIllegalStateAndChangesNothing() {
    Shopper shopper = givenShopper();
    Store store = givenStore();
    JdbcPurchaseRepository purchases = purchases();

    assertThatThrownBy(
            () ->
                database
                    .transactions()
                    .inTransaction(
                        () ->
                            insertAndCreditAloneIfAt(
                                purchases,
                                shopper.version(),
                                newPurchase(shopper.id(), store.id(), "AL-1", T0))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("outside a transaction");
    assertNothingRecorded(shopper, store, "AL-1");
  }

  /**
   * Threads race on receipts for one shopper as the use case runs a purchase alone on its writer:
   * the statement that commits by itself for the version read, and when declined, the locking path
   * in a transaction. Every receipt is credited once and the totals are exact.
   */
  @Test
  void insertAndCreditAloneIfAt_thenLocking_concurrently_eachCreditedOnce_exactTotals()
      throws Exception {
    Shopper shopper = givenShopper();
    Store store = givenStore();
    JdbcPurchaseRepository purchases = purchases();
    JdbcTransactions transactions = database.transactions();
    int wins =
        race(
            r -> {
              Purchase purchase = newPurchase(shopper.id(), store.id(), "alone-" + r, T0);
              long seen = shoppers().findById(shopper.id()).orElseThrow().version();
              return insertAndCreditAloneIfAt(purchases, seen, purchase).isPresent()
                  || transactions.inTransaction(
                      () -> insertAndCredit(purchases, purchase).isPresent());
            });

    assertEachReceiptCreditedOnce(shopper, wins);
  }

  /**
   * After a race on {@value #RECEIPTS} receipts of {@code shopper} (as it was before): every
   * receipt won once, the balance and the coin ledger are the exact sum, and the outbox has each
   * credit's two changes, one profile change per version in commit order.
   */
  private void assertEachReceiptCreditedOnce(Shopper shopper, int wins) {
    assertThat(wins).isEqualTo(RECEIPTS);
    assertThat(rowsFor(shopper.id())).isEqualTo(RECEIPTS);
    long earned =
        sum(
            "SELECT COALESCE(SUM(coins_earned), 0) FROM purchases WHERE shopper_id = :id",
            shopper.id());
    Shopper after = shoppers().findById(shopper.id()).orElseThrow();
    assertThat(after.coins()).isEqualTo(shopper.coins() + earned);
    assertThat(after.version()).isEqualTo(shopper.version() + RECEIPTS);
    assertThat(
            sum(
                "SELECT COALESCE(SUM(delta), 0) FROM coin_ledger WHERE shopper_id = :id",
                shopper.id()))
        .isEqualTo(earned);
    assertThat(sum("SELECT COUNT(*) FROM coin_ledger WHERE shopper_id = :id", shopper.id()))
        .isEqualTo(RECEIPTS);
    List<Pending> pending = pendingChanges();
    assertThat(pending).as("each credited receipt's two changes").hasSize(2 * RECEIPTS);
    assertThat(pending.stream().filter(p -> p.kind() == Kind.SHOPPER_AND_BOARDS))
        .as("one per version the credits made, in commit order")
        .extracting(Pending::version)
        .containsExactlyElementsOf(
            java.util.stream.LongStream.rangeClosed(1, RECEIPTS)
                .map(n -> shopper.version() + n)
                .boxed()
                .toList());
  }

  /**
   * {@code purchase} is recorded and {@code applied} is its credit of {@code shopper} (as it was
   * before), with its ledger rows and its two outbox changes; the relay woken once.
   */
  private void assertRecordedAndCredited(
      Shopper shopper, Purchase purchase, BalanceChange.Applied applied) {
    assertThat(purchases().findByReceipt(purchase.storeId(), purchase.receiptId()))
        .contains(purchase);
    assertThat(applied.shopper().coins()).isEqualTo(shopper.coins() + purchase.coinsEarned());
    assertThat(applied.shopper().xp()).isEqualTo(shopper.xp() + purchase.xpEarned());
    assertThat(applied.shopper().lifetimeSpendMinor())
        .isEqualTo(shopper.lifetimeSpendMinor() + purchase.amountMinor());
    assertThat(applied.shopper().version()).isEqualTo(shopper.version() + 1);
    assertThat(applied.coinEntry().orElseThrow().reference())
        .isEqualTo("purchase:" + purchase.id());
    assertThat(shoppers().findById(shopper.id())).contains(applied.shopper());
    assertThat(
            sum(
                "SELECT COALESCE(SUM(delta), 0) FROM coin_ledger WHERE shopper_id = :id",
                shopper.id()))
        .isEqualTo(purchase.coinsEarned());
    assertThat(
            sum(
                "SELECT COALESCE(SUM(delta), 0) FROM xp_ledger WHERE shopper_id = :id",
                shopper.id()))
        .isEqualTo(purchase.xpEarned());
    // Its outbox changes, in order, for the version it made; the relay woken once, after the
    // commit.
    assertThat(outboxWakeUps).hasValue(1);
    List<Pending> pending = pendingChanges();
    assertThat(pending)
        .extracting(Pending::kind, Pending::key, Pending::version)
        .containsExactly(
            tuple(Kind.SHOPPER_AND_BOARDS, shopper.id().value(), applied.shopper().version()),
            tuple(Kind.EVENT, shopper.id().value(), applied.shopper().version()));
    assertThat(pending.get(0).payload()).isNull();
    assertThat(pending.get(1).payload())
        .startsWith("{\"type\":\"purchase_recorded\"")
        .contains("\"purchaseId\":\"" + purchase.id() + "\"");
    assertThat(pending.get(0).id()).isLessThan(pending.get(1).id());
    assertThat(pending.get(0).createdAt()).isEqualTo(SqlValues.stored(T0));
  }

  private long outboxRows() {
    return database.jdbc().sql("SELECT COUNT(*) FROM change_outbox").query(Long.class).single();
  }

  private void assertNothingRecorded(Shopper shopper, Store store, String receiptId) {
    assertThat(shoppers().findById(shopper.id())).contains(shopper);
    assertThat(purchases().findByReceipt(store.id(), receiptId)).isEmpty();
    assertThat(rowsFor(shopper.id())).isZero();
    assertThat(pendingChanges()).isEmpty();
    assertThat(outboxWakeUps).hasValue(0);
  }

  // ADR 0030: a balance change answers the locked row's has_companion flag, and the companion feed
  // later in the same transaction trusts it.

  @Test
  void insertAndCredit_shopperWithoutCompanion_theFeedInTheSameTransactionRunsNoStatement() {
    Shopper shopper = givenShopper();
    Purchase purchase = newPurchase(shopper.id(), givenStore().id(), "CF-1", T0);
    JdbcPurchaseRepository purchases = purchases();

    Optional<Fed> fed =
        feedAfter(shopper.id(), () -> insertAndCredit(purchases, purchase).orElseThrow());

    assertThat(fed).as("the feed ran a statement").isEmpty();
  }

  @Test
  void applyCoins_shopperWithoutCompanion_theFeedInTheSameTransactionRunsNoStatement() {
    Shopper shopper = givenShopper();
    JdbcShopperRepository shoppers = shoppers();

    Optional<Fed> fed =
        feedAfter(
            shopper.id(),
            () -> {
              // As a check-in credits the locked row.
              shoppers.lockById(shopper.id()).orElseThrow();
              shoppers
                  .applyCoins(
                      BalanceChange.coins(shopper.id(), 5, LedgerReason.CHECK_IN, "ci:1", T0)
                          .withXp(10))
                  .orElseThrow();
            });

    assertThat(fed).as("the feed ran a statement").isEmpty();
  }

  @Test
  void insertAndCreditIfAt_shopperWithoutCompanion_theFeedRunsNoStatementOnPostgres() {
    Shopper shopper = givenShopper();
    Purchase purchase = newPurchase(shopper.id(), givenStore().id(), "CF-1", T0);
    JdbcPurchaseRepository purchases = purchases();

    Optional<Fed> fed =
        feedAfter(
            shopper.id(),
            () ->
                assertThat(
                        purchases.insertAndCreditIfAt(
                            shopper.version(),
                            purchase,
                            creditOf(purchase),
                            changesOf(purchase, shopper.version() + 1)))
                    .as("H2 declines the one-statement path")
                    .matches(applied -> applied.isPresent() == onPostgres()));

    assertThat(fed.isPresent())
        .as("the feed ran a statement (H2 declined: nothing was learnt)")
        .isEqualTo(!onPostgres());
  }

  /**
   * In one transaction: {@code balanceChange}, then an active companion of the shopper written
   * behind the repository's back (no write of the service can add one while the transaction holds
   * the shopper's lock), then the feed, which finds that companion only if it ran its statement.
   */
  private Optional<Fed> feedAfter(ShopperId shopperId, Runnable balanceChange) {
    JdbcCompanionRepository companions = companionsWithSpecies();
    return database
        .transactions()
        .inTransaction(
            () -> {
              balanceChange.run();
              insertCompanionRow(shopperId, "c-unseen");
              return companions.feedActive(shopperId, 10);
            });
  }

  @Test
  void insertAndCredit_companionAddedLaterInTheSameTransaction_isFed() {
    Shopper shopper = givenShopper();
    Purchase purchase = newPurchase(shopper.id(), givenStore().id(), "CF-1", T0);
    JdbcPurchaseRepository purchases = purchases();
    JdbcCompanionRepository companions = companionsWithSpecies();
    Companion granted =
        new Companion("c-granted", shopper.id(), "cf-fox", 0, 0, true, "mission", T0);

    Optional<Fed> fed =
        database
            .transactions()
            .inTransaction(
                () -> {
                  insertAndCredit(purchases, purchase).orElseThrow();
                  // As a mission reward paid by this purchase grants one.
                  assertThat(companions.insert(granted, "mission:1")).isTrue();
                  return companions.feedActive(shopper.id(), 10);
                });

    assertThat(fed.orElseThrow().before()).isEqualTo(granted);
    assertThat(companions.findActive(shopper.id()).orElseThrow().xp()).isEqualTo(10);
  }

  @Test
  void insertAndCredit_shopperWithActiveCompanion_theFeedFeedsIt() {
    Shopper shopper = givenShopper();
    Store store = givenStore();
    JdbcPurchaseRepository purchases = purchases();
    JdbcCompanionRepository companions = companionsWithSpecies();
    Companion owned = new Companion("c-owned", shopper.id(), "cf-fox", 0, 0, true, "purchase", T0);
    database.transactions().inTransaction(() -> companions.insert(owned, "bought:1"));
    Purchase first = newPurchase(shopper.id(), store.id(), "CF-1", T0);
    Purchase second = newPurchase(shopper.id(), store.id(), "CF-2", T0);

    database
        .transactions()
        .inTransaction(
            () -> {
              insertAndCredit(purchases, first).orElseThrow();
              return companions.feedActive(shopper.id(), 10).orElseThrow();
            });
    long version = shoppers().findById(shopper.id()).orElseThrow().version();
    database
        .transactions()
        .inTransaction(
            () -> {
              purchases
                  .insertAndCreditIfAt(
                      version, second, creditOf(second), changesOf(second, version + 1))
                  .or(() -> insertAndCredit(purchases, second)) // H2 declines the first
                  .orElseThrow();
              return companions.feedActive(shopper.id(), 10).orElseThrow();
            });

    assertThat(companions.findActive(shopper.id()).orElseThrow().xp()).isEqualTo(20);
  }

  @Test
  void insertAndCredit_theFindingEndsWithItsTransaction_committedOrRolledBack() {
    Shopper shopper = givenShopper();
    Store store = givenStore();
    JdbcPurchaseRepository purchases = purchases();
    JdbcCompanionRepository companions = companionsWithSpecies();
    Purchase committed = newPurchase(shopper.id(), store.id(), "CF-1", T0);
    Purchase rolledBack = newPurchase(shopper.id(), store.id(), "CF-2", T0);
    database.transactions().inTransaction(() -> insertAndCredit(purchases, committed));
    inRolledBackTransaction(() -> insertAndCredit(purchases, rolledBack).orElseThrow());
    insertCompanionRow(shopper.id(), "c-later");

    Optional<Fed> fed =
        database.transactions().inTransaction(() -> companions.feedActive(shopper.id(), 10));

    assertThat(fed).isPresent();
  }

  private JdbcCompanionRepository companionsWithSpecies() {
    JdbcCompanionRepository companions = new JdbcCompanionRepository(database.dataSource());
    companions.insertSpecies(
        new CompanionSpecies(
            "cf-fox",
            LocalizedText.english("Fox"),
            Rarity.COMMON,
            1L,
            List.of(new EvolutionStage(LocalizedText.english("Kit"), 0)),
            1));
    return companions;
  }

  /**
   * An active companion of species cf-fox with no xp, written by plain SQL: not through the
   * repository, so the shopper's has_companion flag stays as it was.
   */
  private void insertCompanionRow(ShopperId shopperId, String id) {
    database
        .jdbc()
        .sql(
            "INSERT INTO companions (id, shopper_id, species_id, xp, stage, active, source,"
                + " idempotency_key, acquired_at) VALUES (:id, :shopper, 'cf-fox', 0, 0, TRUE,"
                + " 'purchase', :id, :at)")
        .param("id", id)
        .param("shopper", shopperId.value())
        .param("at", SqlValues.utc(T0))
        .update();
  }

  @Test
  void insert_sameReceiptAtOtherStore_inserted() {
    Shopper shopper = givenShopper();
    Store a = givenStore();
    Store b = givenStore();

    assertThat(purchases().insert(newPurchase(shopper.id(), a.id(), "R1", T0))).isTrue();
    assertThat(purchases().insert(newPurchase(shopper.id(), b.id(), "R1", T0))).isTrue();

    assertThat(rowsFor(shopper.id())).isEqualTo(2);
  }

  @Test
  void insert_unknownShopper_throwsDataIntegrityViolation() {
    Store store = givenStore();

    assertThatThrownBy(
            () -> purchases().insert(newPurchase(ShopperId.of("nobody"), store.id(), "R1", T0)))
        .isInstanceOf(DataIntegrityViolationException.class);
  }

  @Test
  void findByReceipt_absent_returnsEmpty() {
    Store store = givenStore();

    assertThat(purchases().findByReceipt(store.id(), "R404")).isEmpty();
  }

  @Test
  void findByReceipt_injectionLookingReceipt_matchesNothingAndSchemaIntact() {
    Shopper shopper = givenShopper();
    Store store = givenStore();
    purchases().insert(newPurchase(shopper.id(), store.id(), "R1", T0));

    assertThat(purchases().findByReceipt(store.id(), "x' OR '1'='1")).isEmpty();
    assertThat(purchases().findByReceipt(store.id(), INJECTION)).isEmpty();

    assertThat(shoppers().count()).isEqualTo(1);
    assertThat(purchases().findByReceipt(store.id(), "R1")).isPresent();
  }

  @Test
  void findByShopper_pagedWithEqualTimes_returnsAllNewestFirstWithoutGapsOrDuplicates() {
    Shopper shopper = givenShopper();
    Shopper other = givenShopper();
    Store store = givenStore();
    List<Purchase> inserted = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      // Four distinct times, so most pages end inside a run of equal created_at values.
      Instant at = T0.plusMillis(i % 4);
      Purchase purchase = newPurchase(shopper.id(), store.id(), "R" + i, at);
      purchases().insert(purchase);
      inserted.add(purchase);
      purchases().insert(newPurchase(other.id(), store.id(), "O" + i, at));
    }

    List<Purchase> paged = new ArrayList<>();
    Optional<PageCursor> cursor = Optional.empty();
    List<Purchase> page;
    do {
      page = purchases().findByShopper(shopper.id(), cursor, 5);
      paged.addAll(page);
      if (!page.isEmpty()) {
        Purchase last = page.get(page.size() - 1);
        cursor = Optional.of(new PageCursor(last.createdAt(), last.id()));
      }
    } while (page.size() == 5);

    assertThat(paged).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(inserted);
    assertThat(paged).isSortedAccordingTo(Comparator.comparing(Purchase::createdAt).reversed());
    // Within equal times the order is the database's id order; the pages must agree with one query.
    assertThat(paged)
        .containsExactlyElementsOf(purchases().findByShopper(shopper.id(), Optional.empty(), 100));
  }

  @Test
  void findByShopper_cursorAtOldest_returnsEmpty() {
    Shopper shopper = givenShopper();
    Store store = givenStore();
    Purchase only = newPurchase(shopper.id(), store.id(), "R1", T0);
    purchases().insert(only);

    assertThat(
            purchases()
                .findByShopper(
                    shopper.id(), Optional.of(new PageCursor(only.createdAt(), only.id())), 10))
        .isEmpty();
  }

  @Test
  void findByShopper_nonPositiveLimit_throwsIllegalArgument() {
    assertThatThrownBy(() -> purchases().findByShopper(ShopperId.of("any"), Optional.empty(), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  long rowsFor(ShopperId shopperId) {
    return database
        .jdbc()
        .sql("SELECT COUNT(*) FROM purchases WHERE shopper_id = :id")
        .param("id", shopperId.value())
        .query(Long.class)
        .single();
  }
}
