package com.mallquest.mall.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.mallquest.mall.application.port.BalanceChange;
import com.mallquest.mall.application.port.ShopperSearchRepository.NameCursor;
import com.mallquest.mall.application.port.ShopperSearchRepository.NamePage;
import com.mallquest.mall.domain.AuditEntry;
import com.mallquest.mall.domain.LedgerReason;
import com.mallquest.mall.domain.Shopper;
import com.mallquest.mall.domain.ShopperBlock;
import com.mallquest.mall.domain.ShopperId;
import com.mallquest.mall.domain.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The operator console's queries: name-prefix and receipt search, coin adjustments, blocks, audit
 * log.
 */
abstract class ConsoleQueriesContract extends DatabaseContract {

  private JdbcShopperSearchRepository search() {
    return new JdbcShopperSearchRepository(database.dataSource(), shoppers());
  }

  private Shopper named(String id, String name) {
    Shopper s = newShopper(ShopperId.of(id));
    Shopper renamed =
        new Shopper(
            s.id(),
            name,
            s.language(),
            s.timeZone(),
            0,
            0,
            1,
            s.vipTier(),
            0,
            0,
            null,
            s.createdAt(),
            0);
    assertThat(shoppers().insert(renamed)).isTrue();
    return renamed;
  }

  private List<String> ids(NamePage page) {
    return page.shoppers().stream().map(s -> s.id().value()).toList();
  }

  @Test
  void namePrefix_ignoresCase_ordersByNameThenId_andTakesWildcardsLiterally() {
    named("s1", "Ada Lovelace");
    named("s2", "ada");
    named("s3", "ADAM");
    named("s4", "Adb");
    named("s5", "Bada");
    named("s6", "100% Cotton");
    named("s7", "100x");
    named("s8", "a_b");
    named("s9", "axb");

    assertThat(ids(search().byNamePrefix("aDa", Optional.empty(), 10)))
        .containsExactly("s2", "s1", "s3");
    assertThat(ids(search().byNamePrefix("100%", Optional.empty(), 10))).containsExactly("s6");
    assertThat(ids(search().byNamePrefix("a_", Optional.empty(), 10))).containsExactly("s8");
    assertThat(ids(search().byNamePrefix(INJECTION, Optional.empty(), 10))).isEmpty();
  }

  @Test
  void namePrefix_nonAsciiNames_foundByTheirLowerCase() {
    named("u1", "Élodie");
    named("u2", "élan");
    named("u3", "Ünal");
    named("u4", "李雷");
    named("u5", "Ziggy");

    assertThat(ids(search().byNamePrefix("ÉL", Optional.empty(), 10))).containsExactly("u2", "u1");
    assertThat(ids(search().byNamePrefix("ün", Optional.empty(), 10))).containsExactly("u3");
    assertThat(ids(search().byNamePrefix("李", Optional.empty(), 10))).containsExactly("u4");
  }

  @Test
  void namePrefix_pagesThroughEqualNamesByIdWithoutGapsOrRepeats() {
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      expected.add(named("same-" + i, "Sam").id().value());
    }
    named("other", "Samuel");
    expected.add("other");

    List<String> seen = new ArrayList<>();
    Optional<NameCursor> cursor = Optional.empty();
    int pages = 0;
    do {
      NamePage page = search().byNamePrefix("sam", cursor, 3);
      seen.addAll(ids(page));
      cursor = page.next();
      pages++;
    } while (cursor.isPresent());

    assertThat(seen).containsExactlyElementsOf(expected);
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void rename_updatesTheSearchKey() {
    Shopper s = named("r1", "Old Name");

    shoppers()
        .updateProfile(
            new Shopper(
                s.id(),
                "New Name",
                s.language(),
                s.timeZone(),
                0,
                0,
                1,
                s.vipTier(),
                0,
                0,
                null,
                s.createdAt(),
                0));

    assertThat(ids(search().byNamePrefix("old", Optional.empty(), 10))).isEmpty();
    assertThat(ids(search().byNamePrefix("new", Optional.empty(), 10))).containsExactly("r1");
  }

  @Test
  void insertNew_writesTheSearchKey() {
    Shopper a = newShopper(ShopperId.of("batch-1"));
    Shopper b = newShopper(ShopperId.of("batch-2"));

    shoppers().insertNew(List.of(a, b));

    assertThat(ids(search().byNamePrefix("SHOPPER BATCH", Optional.empty(), 10)))
        .containsExactly("batch-1", "batch-2");
  }

  @Test
  void byReceipt_findsTheShoppersAtAnyStore() {
    Shopper one = givenShopper();
    Shopper two = givenShopper();
    Store a = givenStore();
    Store b = givenStore();
    purchases().insert(newPurchase(one.id(), a.id(), "R-77", T0));
    purchases().insert(newPurchase(two.id(), b.id(), "R-77", T0));
    purchases().insert(newPurchase(two.id(), a.id(), "R-78", T0));

    assertThat(search().byReceipt("R-77", 10)).containsExactlyInAnyOrder(one.id(), two.id());
    assertThat(search().byReceipt("R-7", 10)).isEmpty();
  }

  @Test
  void adjustCoins_addsAndTakes_butNeverBelowZero() {
    Shopper s = givenShopper();

    assertThat(adjust(s.id(), 50).orElseThrow().coins()).isEqualTo(50);
    assertThat(adjust(s.id(), -51)).isEmpty();
    Shopper after = adjust(s.id(), -50).orElseThrow();

    assertThat(after.coins()).isZero();
    assertThat(after.version()).isEqualTo(2);
    assertThat(adjust(ShopperId.of("nobody"), 5)).isEmpty();
  }

  private Optional<Shopper> adjust(ShopperId id, long delta) {
    return database
        .transactions()
        .inTransaction(
            () ->
                shoppers()
                    .applyCoins(
                        BalanceChange.coins(id, delta, LedgerReason.ADJUSTMENT, "goodwill", T0)))
        .map(BalanceChange.Applied::shopper);
  }

  @Test
  void adjustCoins_20ConcurrentThreads_sumExactly_andDebitsNeverOverdraw() throws Exception {
    Shopper s = givenShopper();
    adjust(s.id(), 100);
    ExecutorService pool = Executors.newFixedThreadPool(20);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      long delta = i < 10 ? 7 : -30; // ten credits of 7, ten debits of 30
      results.add(
          pool.submit(
              () -> {
                start.await();
                return adjust(s.id(), delta).isPresent();
              }));
    }
    start.countDown();
    int credits = 0;
    int debits = 0;
    for (int i = 0; i < 20; i++) {
      if (results.get(i).get(60, TimeUnit.SECONDS)) {
        if (i < 10) {
          credits++;
        } else {
          debits++;
        }
      }
    }
    pool.shutdown();

    assertThat(credits).isEqualTo(10);
    long coins = shoppers().findById(s.id()).orElseThrow().coins();
    assertThat(coins).isEqualTo(100 + 7 * 10 - 30L * debits).isNotNegative();
    assertThat(debits).as("at most what 170 coins allow").isBetween(3, 5);
    assertThat(shoppers().findById(s.id()).orElseThrow().version()).isEqualTo(1 + credits + debits);
  }

  @Test
  void blocks_insertOnce_findAndDelete() {
    Shopper s = givenShopper();
    JdbcShopperBlockRepository blocks = new JdbcShopperBlockRepository(database.dataSource());
    ShopperBlock block = new ShopperBlock(s.id(), "chargeback", T0, "key-1");

    assertThat(blocks.insert(block)).isTrue();
    assertThat(blocks.insert(new ShopperBlock(s.id(), "again", T0, "key-2"))).isFalse();
    assertThat(blocks.find(s.id())).contains(block);
    assertThat(blocks.delete(s.id())).isTrue();
    assertThat(blocks.delete(s.id())).isFalse();
    assertThat(blocks.find(s.id())).isEmpty();
  }

  @Test
  void auditLog_newestFirst_filteredByTarget_pagedByIdCursor() {
    JdbcAuditLogRepository log = new JdbcAuditLogRepository(database.dataSource());
    for (int i = 0; i < 5; i++) {
      log.append(
          new AuditEntry(
              0,
              T0.plusSeconds(i),
              "key-1",
              "ops",
              "POST /x",
              i % 2 == 0 ? "shopper:a" : "store:b",
              i == 4 ? Optional.of("why " + i) : Optional.empty(),
              200));
    }

    List<AuditEntry> all = log.list(Optional.empty(), OptionalLong.empty(), 10);
    List<AuditEntry> forA = log.list(Optional.of("shopper:a"), OptionalLong.empty(), 2);
    List<AuditEntry> nextForA =
        log.list(Optional.of("shopper:a"), OptionalLong.of(forA.get(1).id()), 2);

    assertThat(all)
        .extracting(AuditEntry::createdAt)
        .containsExactly(
            T0.plusSeconds(4), T0.plusSeconds(3), T0.plusSeconds(2), T0.plusSeconds(1), T0);
    assertThat(all.get(0).reason()).contains("why 4");
    assertThat(all.get(1).reason()).isEmpty();
    assertThat(forA)
        .extracting(AuditEntry::createdAt)
        .containsExactly(T0.plusSeconds(4), T0.plusSeconds(2));
    assertThat(nextForA).extracting(AuditEntry::createdAt).containsExactly(T0);
  }
}
