package com.mallquest.mall.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.mallquest.mall.application.MallSettings;
import com.mallquest.mall.application.companion.CompanionGrowth;
import com.mallquest.mall.application.mission.CompanionEffects;
import com.mallquest.mall.application.mission.ProgressTracker;
import com.mallquest.mall.application.port.MissionCache;
import com.mallquest.mall.application.port.ShopperCache;
import com.mallquest.mall.application.port.StoreCache;
import com.mallquest.mall.application.purchase.PurchaseCapGuard;
import com.mallquest.mall.application.purchase.RecordPurchase;
import com.mallquest.mall.domain.Companion;
import com.mallquest.mall.domain.CompanionSpecies;
import com.mallquest.mall.domain.DomainEvent;
import com.mallquest.mall.domain.EarningRules;
import com.mallquest.mall.domain.EvolutionStage;
import com.mallquest.mall.domain.GoalKind;
import com.mallquest.mall.domain.LocalizedText;
import com.mallquest.mall.domain.Mission;
import com.mallquest.mall.domain.MissionCatalog;
import com.mallquest.mall.domain.MissionGoal;
import com.mallquest.mall.domain.MissionReward;
import com.mallquest.mall.domain.MissionWindow;
import com.mallquest.mall.domain.Money;
import com.mallquest.mall.domain.PurchaseCaps;
import com.mallquest.mall.domain.Rarity;
import com.mallquest.mall.domain.Shopper;
import com.mallquest.mall.domain.ShopperId;
import com.mallquest.mall.domain.Store;
import com.mallquest.mall.domain.StoreCategory;
import com.mallquest.mall.domain.StoreId;
import com.mallquest.mall.domain.WindowKind;
import com.mallquest.mall.support.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The purchase use case wired to the real repositories with a clock the test moves, and group
 * commit as the service runs it: abuse caps, mission completion and milestones, on each database.
 */
abstract class MissionsAndCapsContract extends DatabaseContract {

  private static final ZoneId MALL = ZoneId.of("America/New_York");

  /** 10:00 in New York. */
  private static final Instant MORNING = Instant.parse("2026-11-27T15:00:00Z");

  private final MutableClock clock = new MutableClock(MORNING);
  private final AtomicInteger receipts = new AtomicInteger();

  // Group commit, as the service runs purchases: one alone in its batch first tries its one
  // statement committing by itself (ADR 0033), on PostgreSQL.
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final List<JdbcTransactions> writers = new ArrayList<>();

  @BeforeEach
  void resetClock() {
    clock.set(MORNING);
    meters.clear(); // one instance may serve every test of the class
  }

  @AfterEach
  void stopWriters() {
    writers.forEach(JdbcTransactions::close);
  }

  private double alone(String outcome) {
    return meters.get("mallquest.group.commit.alone").tag("outcome", outcome).counter().count();
  }

  @Test
  void fixedMission_outsideItsWindow_isIgnored() {
    RecordPurchase record = recordPurchase(PurchaseCaps.NONE);
    insertMission(
        "later",
        new MissionGoal(GoalKind.PURCHASE_COUNT, 1, null, null),
        MissionWindow.fixed(MORNING.plusSeconds(60), MORNING.plusSeconds(120)),
        10);
    Shopper shopper = givenShopper();
    Store store = givenStoreAtX1();

    RecordPurchase.Result before = buy(record, shopper, store, 100);
    clock.advance(Duration.ofSeconds(60));
    RecordPurchase.Result during = buy(record, shopper, store, 100);

    assertThat(before.events()).isEmpty();
    assertThat(during.events()).anyMatch(e -> e instanceof DomainEvent.MissionCompleted);
  }

  @Test
  void dailyCap_holdsBackTheExcess_thenNothing_untilTheNextMallDay() {
    RecordPurchase record = recordPurchase(new PurchaseCaps(150, 0));
    Shopper shopper = givenShopper();
    Store store = givenStoreAtX1();

    RecordPurchase.Result first = buy(record, shopper, store, 10_000);
    RecordPurchase.Result second = buy(record, shopper, store, 10_000);
    RecordPurchase.Result third = buy(record, shopper, store, 10_000);
    clock.set(Instant.parse("2026-11-28T04:59:00Z")); // 23:59 in New York: the same day
    RecordPurchase.Result late = buy(record, shopper, store, 10_000);
    clock.set(Instant.parse("2026-11-28T05:00:00Z")); // midnight in New York
    RecordPurchase.Result nextDay = buy(record, shopper, store, 10_000);

    assertThat(first.purchase().coinsEarned()).isEqualTo(100);
    assertThat(first.events()).noneMatch(e -> e instanceof DomainEvent.CapReached);
    assertThat(second.purchase().coinsEarned()).isEqualTo(50);
    assertThat(second.events())
        .contains(new DomainEvent.CapReached(PurchaseCaps.DAILY_PURCHASE_COINS, 150, 50));
    assertThat(third.purchase().coinsEarned()).isZero();
    assertThat(third.purchase().xpEarned()).isEqualTo(100);
    assertThat(late.purchase().coinsEarned()).isZero();
    assertThat(nextDay.purchase().coinsEarned()).isEqualTo(100);
    Shopper after = shoppers().findById(shopper.id()).orElseThrow();
    assertThat(after.coins()).isEqualTo(250);
    assertThat(after.xp()).isEqualTo(500);
    assertThat(after.lifetimeSpendMinor()).isEqualTo(50_000);
    assertThat(ledger().sumByShopper(shopper.id())).isEqualTo(250);
  }

  @Test
  void perStoreHourlyCap_laterPurchasesAtThatStoreEarnNoCoins_otherStoresAndLaterHoursDo() {
    RecordPurchase record = recordPurchase(new PurchaseCaps(0, 2));
    Shopper shopper = givenShopper();
    Store store = givenStoreAtX1();
    Store other = givenStoreAtX1();

    long a = buy(record, shopper, store, 1_000).purchase().coinsEarned();
    clock.advance(Duration.ofMinutes(10));
    long b = buy(record, shopper, store, 1_000).purchase().coinsEarned();
    clock.advance(Duration.ofMinutes(10));
    RecordPurchase.Result capped = buy(record, shopper, store, 1_000);
    long elsewhere = buy(record, shopper, other, 1_000).purchase().coinsEarned();
    clock.advance(
        Duration.ofMinutes(
            61)); // every earlier purchase (capped ones count too) is over an hour ago
    long afterHour = buy(record, shopper, store, 1_000).purchase().coinsEarned();

    assertThat(List.of(a, b, elsewhere, afterHour)).containsOnly(10L);
    assertThat(capped.purchase().coinsEarned()).isZero();
    assertThat(capped.events())
        .contains(new DomainEvent.CapReached(PurchaseCaps.PURCHASES_PER_STORE_PER_HOUR, 2, 10));
    assertThat(purchases().findByShopper(shopper.id(), Optional.empty(), 10)).hasSize(5);
    assertThat(shoppers().findById(shopper.id()).orElseThrow().coins()).isEqualTo(40);
    assertThat(ledger().sumByShopper(shopper.id())).isEqualTo(40);
  }

  @Test
  void weeklyMission_completesOncePerWeek_andAgainTheNextWeek() {
    RecordPurchase record = recordPurchase(PurchaseCaps.NONE);
    insertMission(
        "weekly",
        new MissionGoal(GoalKind.PURCHASE_COUNT, 2, null, null),
        MissionWindow.recurring(WindowKind.WEEKLY),
        30);
    Shopper shopper = givenShopper();
    Store store = givenStoreAtX1();

    buy(record, shopper, store, 100);
    buy(record, shopper, store, 100);
    buy(record, shopper, store, 100);
    clock.set(Instant.parse("2026-11-30T05:00:00Z")); // Monday 00:00 in New York
    buy(record, shopper, store, 100);
    RecordPurchase.Result completes = buy(record, shopper, store, 100);

    assertThat(completes.events())
        .anyMatch(
            e ->
                e instanceof DomainEvent.MissionCompleted c
                    && c.periodStart().equals(Instant.parse("2026-11-30T05:00:00Z")));
    assertThat(
            database
                .jdbc()
                .sql(
                    "SELECT window_start FROM mission_completions WHERE shopper_id = ?"
                        + " ORDER BY window_start")
                .param(shopper.id().value())
                .query((rs, n) -> rs.getObject(1, java.time.OffsetDateTime.class).toInstant())
                .list())
        .containsExactly(
            Instant.parse("2026-11-23T05:00:00Z"), Instant.parse("2026-11-30T05:00:00Z"));
    assertThat(shoppers().findById(shopper.id()).orElseThrow().coins()).isEqualTo(5 + 60);
    assertThat(ledger().sumByShopper(shopper.id())).isEqualTo(65);
  }

  @Test
  void concurrentPurchases_missionPaysExactlyOnce() throws Exception {
    RecordPurchase record = recordPurchase(PurchaseCaps.NONE);
    insertMission(
        "spend",
        new MissionGoal(GoalKind.SPEND_TOTAL, 5_000, null, null),
        MissionWindow.fixed(MORNING.minusSeconds(3600), MORNING.plusSeconds(3600)),
        500);
    Shopper shopper = givenShopper();
    Store store = givenStoreAtX1();
    int threads = 8;
    int perThread = 20;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Long>> completions = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        completions.add(
            pool.submit(
                () -> {
                  start.await();
                  long completed = 0;
                  for (int i = 0; i < perThread; i++) {
                    completed +=
                        buy(record, shopper, store, 100).events().stream()
                            .filter(e -> e instanceof DomainEvent.MissionCompleted)
                            .count();
                  }
                  return completed;
                }));
      }
      start.countDown();
      long completed = 0;
      for (Future<Long> f : completions) {
        completed += f.get(2, TimeUnit.MINUTES);
      }
      assertThat(completed).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    Shopper after = shoppers().findById(shopper.id()).orElseThrow();
    assertThat(after.coins()).isEqualTo(threads * perThread + 500L);
    assertThat(ledger().sumByShopper(shopper.id())).isEqualTo(after.coins());
    assertThat(
            database
                .jdbc()
                .sql("SELECT COUNT(*) FROM mission_completions")
                .query(Long.class)
                .single())
        .isEqualTo(1);
    assertThat(
            database.jdbc().sql("SELECT progress FROM mission_progress").query(Long.class).single())
        .isEqualTo(5_000);
  }

  private RecordPurchase.Result buy(
      RecordPurchase record, Shopper shopper, Store store, long amountMinor) {
    return record.record(
        new RecordPurchase.Command(
            shopper.id(),
            store.id(),
            "r" + receipts.incrementAndGet(),
            new Money(amountMinor, Currency.getInstance("USD"))));
  }

  private Store givenStoreAtX1() {
    Store store =
        new Store(StoreId.random(), "One", StoreCategory.FOOD, "G", BigDecimal.ONE, true, 0);
    stores().insert(store);
    return store;
  }

  private void insertMission(String id, MissionGoal goal, MissionWindow window, long coins) {
    new JdbcMissionRepository(database.dataSource())
        .insert(
            new Mission(
                id,
                LocalizedText.english(id),
                LocalizedText.english(id),
                goal,
                window,
                Set.of(),
                new MissionReward(coins, 0, null),
                true,
                1));
  }

  @Test
  void levelMilestone_grantsItsSpeciesOnce_activeFirst_andItGrowsWithLaterPurchases() {
    JdbcCompanionRepository repository = new JdbcCompanionRepository(database.dataSource());
    repository.insertSpecies(
        new CompanionSpecies(
            "owl",
            LocalizedText.english("Owl"),
            Rarity.EPIC,
            null,
            List.of(
                new EvolutionStage(LocalizedText.english("Owlet"), 0),
                new EvolutionStage(LocalizedText.english("Owl"), 50)),
            1));
    CompanionGrowth companions =
        new CompanionGrowth(repository, Map.of(2, "owl", 3, "missing-species"), 10);
    RecordPurchase record = recordPurchase(PurchaseCaps.NONE, companions);
    Shopper shopper = givenShopper();
    Store store = givenStoreAtX1();

    RecordPurchase.Result level1 =
        buy(record, shopper, store, 20_000); // 200 xp: still level 1 (283)
    RecordPurchase.Result level2 = buy(record, shopper, store, 10_000); // 300 xp: level 2
    RecordPurchase.Result grows = buy(record, shopper, store, 6_000);

    assertThat(level1.events()).noneMatch(e -> e instanceof DomainEvent.CompanionAcquired);
    assertThat(level2.events())
        .anyMatch(
            e ->
                e instanceof DomainEvent.CompanionAcquired a
                    && a.speciesId().equals("owl")
                    && a.source().equals("milestone"));
    assertThat(grows.events())
        .noneMatch(e -> e instanceof DomainEvent.CompanionAcquired)
        .anyMatch(e -> e instanceof DomainEvent.CompanionEvolved);
    // Only the purchase below every milestone, without a companion, was its one statement alone.
    if (new JdbcShopperRepository(database.dataSource()).isPostgres()) {
      assertThat(alone("committed")).isEqualTo(1);
      assertThat(alone("declined")).isEqualTo(2);
    }
    List<Companion> owned = repository.findByShopper(shopper.id());
    assertThat(owned)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.active()).isTrue();
              assertThat(c.xp()).isEqualTo(60);
              assertThat(c.stage()).isEqualTo(1);
            });
  }

  private JdbcTransactions groupCommit() {
    JdbcTransactions transactions =
        new JdbcTransactions(new DataSourceTransactionManager(database.dataSource()), () -> {})
            .withGroupCommit(1, 64, Duration.ofMinutes(1), new GroupCommitMeters(meters));
    writers.add(transactions);
    return transactions;
  }

  private RecordPurchase recordPurchase(PurchaseCaps caps) {
    return recordPurchase(caps, CompanionEffects.NONE);
  }

  private RecordPurchase recordPurchase(PurchaseCaps caps, CompanionEffects companions) {
    MallSettings settings =
        new MallSettings(Currency.getInstance("USD"), MALL, EarningRules.defaults());
    JdbcMissionRepository missions = new JdbcMissionRepository(database.dataSource());
    MissionCache uncached =
        new MissionCache() {
          @Override
          public MissionCatalog catalog() {
            return new MissionCatalog(missions.findAll());
          }

          @Override
          public void changed() {
            // Nothing cached.
          }
        };
    JdbcXpLedgerRepository xpLedger = new JdbcXpLedgerRepository(database.dataSource());
    ProgressTracker tracker =
        new ProgressTracker(uncached, missions, shoppers(), settings, companions);
    StoreCache uncachedStores =
        new StoreCache() {
          @Override
          public Optional<Store> get(StoreId id) {
            return stores().findById(id);
          }

          @Override
          public void written(Store store) {
            // Nothing cached.
          }
        };
    // The shopper "as last seen" is the row as it is when the purchase starts: on PostgreSQL the
    // purchase takes the one-statement path unless another thread moved the row on meanwhile (ADR
    // 0028); on H2 it is declined and takes the locking path.
    ShopperCache seenNow =
        new ShopperCache() {
          @Override
          public Optional<Shopper> get(ShopperId id) {
            return shoppers().findById(id);
          }

          @Override
          public Optional<Shopper> peek(ShopperId id) {
            return shoppers().findById(id);
          }

          @Override
          public void written(Shopper shopper) {
            // Nothing cached.
          }

          @Override
          public void created(Collection<ShopperId> ids) {
            // Nothing cached.
          }
        };
    return new RecordPurchase(
        shoppers(),
        seenNow,
        uncachedStores,
        purchases(),
        database.changes(clock),
        groupCommit(),
        settings,
        clock,
        new PurchaseCapGuard(caps, new JdbcPurchaseCounters(database.dataSource()), MALL),
        tracker);
  }
}
