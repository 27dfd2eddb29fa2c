package com.mallquest.mall.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mallquest.mall.domain.LedgerEntry;
import com.mallquest.mall.domain.LedgerReason;
import com.mallquest.mall.domain.Purchase;
import com.mallquest.mall.domain.Shopper;
import com.mallquest.mall.domain.ShopperId;
import com.mallquest.mall.domain.Store;
import com.mallquest.mall.domain.StoreCategory;
import com.mallquest.mall.domain.StoreId;
import com.mallquest.mall.domain.VipTier;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * The base of every repository contract: one migrated database per test class, emptied before each
 * test. A contract is abstract; its {@code *H2Test} and {@code *PostgresIT} subclasses say which
 * database it runs on, so the same tests hold both to the same behaviour.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DatabaseContract {

  /** A time with microseconds, the precision both databases keep. */
  static final Instant T0 = Instant.parse("2024-05-01T10:15:30.123456Z");

  /** A string that breaks SQL built by concatenation. */
  static final String INJECTION = "x'); DROP TABLE shoppers; --";

  TestDatabase database;

  /** Opens the database this subclass runs against. */
  abstract TestDatabase openDatabase();

  @BeforeAll
  final void openAndMigrate() {
    database = openDatabase();
  }

  @AfterAll
  final void closeDatabase() {
    if (database != null) {
      database.close();
    }
  }

  @BeforeEach
  final void emptyTables() {
    database.deleteAll();
    outboxWakeUps.set(0);
  }

  JdbcShopperRepository shoppers() {
    return new JdbcShopperRepository(database.dataSource());
  }

  JdbcStoreRepository stores() {
    return new JdbcStoreRepository(database.dataSource());
  }

  /** Commits that recorded outbox changes (the relay's wake-ups) since the test began. */
  final AtomicInteger outboxWakeUps = new AtomicInteger();

  JdbcPurchaseRepository purchases() {
    return new JdbcPurchaseRepository(
        database.dataSource(),
        shoppers(),
        database.outbox(Clock.fixed(T0, ZoneOffset.UTC), outboxWakeUps::incrementAndGet));
  }

  JdbcLedgerRepository ledger() {
    return new JdbcLedgerRepository(database.dataSource());
  }

  JdbcApiKeyRepository apiKeys() {
    return new JdbcApiKeyRepository(database.dataSource());
  }

  static Shopper newShopper(ShopperId id) {
    return new Shopper(
        id,
        "Shopper " + id.value(),
        "en",
        ZoneId.of("Asia/Dubai"),
        0,
        0,
        1,
        VipTier.BRONZE,
        0,
        0,
        null,
        T0,
        0);
  }

  static Store newStore(StoreId id) {
    return new Store(
        id, "Store " + id.value(), StoreCategory.FASHION, "L2", new BigDecimal("1.50"), true, 0);
  }

  static Purchase newPurchase(ShopperId shopper, StoreId store, String receiptId, Instant at) {
    return new Purchase(
        UUID.randomUUID().toString(), shopper, store, receiptId, 12_345, "USD", 123, 45, at);
  }

  static LedgerEntry newEntry(ShopperId shopper, long delta, long balanceAfter, Instant at) {
    return LedgerEntry.unsaved(shopper, delta, balanceAfter, LedgerReason.PURCHASE, "ref", at);
  }

  /** Runs {@code work} in a transaction that then fails and so rolls back (checked). */
  void inRolledBackTransaction(Runnable work) {
    assertThatThrownBy(
            () ->
                database
                    .transactions()
                    .inTransaction(
                        () -> {
                          work.run();
                          throw new IllegalStateException("the work failed after it");
                        }))
        .hasMessage("the work failed after it");
  }

  /** Inserts a new shopper and returns it. */
  Shopper givenShopper() {
    Shopper shopper = newShopper(ShopperId.random());
    shoppers().insert(shopper);
    return shopper;
  }

  /** Inserts a new store and returns it. */
  Store givenStore() {
    Store store = newStore(StoreId.random());
    stores().insert(store);
    return store;
  }
}
