package com.mallquest.mall.application.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.mallquest.mall.application.MallSettings;
import com.mallquest.mall.application.operations.Reconciliation.Kind;
import com.mallquest.mall.application.operations.Reconciliation.Mismatch;
import com.mallquest.mall.application.port.BalanceChange;
import com.mallquest.mall.application.port.ChangeOutbox;
import com.mallquest.mall.application.port.ChangeOutbox.Pending;
import com.mallquest.mall.application.port.LeaderboardCache;
import com.mallquest.mall.application.port.LeaderboardCache.Held;
import com.mallquest.mall.application.port.LeaderboardRepository;
import com.mallquest.mall.application.port.LeaderboardRepository.Versioned;
import com.mallquest.mall.application.port.ReconciliationRepository;
import com.mallquest.mall.application.port.ShopperCache;
import com.mallquest.mall.application.port.ShopperRepository;
import com.mallquest.mall.domain.EarningRules;
import com.mallquest.mall.domain.LeaderboardPeriod;
import com.mallquest.mall.domain.LeaderboardScore;
import com.mallquest.mall.domain.Shopper;
import com.mallquest.mall.domain.ShopperId;
import com.mallquest.mall.domain.VipTier;
import com.mallquest.mall.support.DirectTransactions;
import com.mallquest.mall.support.InMemoryOutbox;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The reconciliation's comparison of the Redis tier and boards with the database, on in-memory
 * ports: what is a mismatch, what is only a change the relay has yet to publish or a commit during
 * the check, and what a repair appends to the outbox.
 */
class ReconciliationTiersTest {

  private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
  private static final EarningRules RULES = EarningRules.defaults();
  private static final MallSettings SETTINGS =
      new MallSettings(Currency.getInstance("USD"), ZoneId.of("UTC"), RULES);

  /**
   * The database: shoppers (the page shows {@code pageVersions} when set: a snapshot older than the
   * rows).
   */
  private final TreeMap<String, Shopper> rows = new TreeMap<>();

  private final Map<String, Long> pageVersions = new HashMap<>();
  private final Map<String, Long> pendingShoppers = new HashMap<>();
  private final Map<String, Long> pendingBoards = new HashMap<>();
  private final Map<ShopperId, List<Versioned>> scores = new HashMap<>();

  /** Redis: shopper versions, ready boards. */
  private final Map<ShopperId, Long> redis = new HashMap<>();

  private final Map<LeaderboardPeriod, Map<ShopperId, Held>> readyBoards =
      new EnumMap<>(LeaderboardPeriod.class);
  private boolean redisUp = true;

  /** Reads that get no answer before Redis answers again (a command that timed out). */
  private int failingReads;

  private final List<Consumer<String>> afterRedisRead = new ArrayList<>();
  private final InMemoryOutbox outbox = new InMemoryOutbox();

  private final ReconciliationRepository repository =
      new ReconciliationRepository() {
        @Override
        public List<ShopperTotals> page(Optional<String> afterId, int limit) {
          return rows.tailMap(afterId.orElse(""), afterId.isEmpty()).values().stream()
              .limit(limit)
              .map(
                  s ->
                      new ShopperTotals(
                          s.id().value(),
                          s.coins(),
                          s.coins(),
                          s.xp(),
                          s.xp(),
                          s.xp(),
                          s.level(),
                          s.vipTier(),
                          s.lifetimeSpendMinor(),
                          pageVersions.getOrDefault(s.id().value(), s.version()),
                          false,
                          false))
              .toList();
        }

        @Override
        public Map<String, Long> pendingVersions(ChangeOutbox.Kind kind, Collection<String> keys) {
          Map<String, Long> asked =
              new HashMap<>(kind == ChangeOutbox.Kind.SHOPPER ? pendingShoppers : pendingBoards);
          asked.keySet().retainAll(keys);
          return asked;
        }
      };

  private final ShopperCache cache =
      new ShopperCache() {
        @Override
        public Optional<Shopper> get(ShopperId id) {
          throw new UnsupportedOperationException();
        }

        @Override
        public void written(Shopper shopper) {
          throw new UnsupportedOperationException();
        }

        @Override
        public void created(Collection<ShopperId> ids) {
          throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Map<ShopperId, Long>> sharedVersions(Collection<ShopperId> ids) {
          if (!redisUp || failingReads-- > 0) {
            return Optional.empty();
          }
          Map<ShopperId, Long> found = new LinkedHashMap<>();
          ids.forEach(id -> Optional.ofNullable(redis.get(id)).ifPresent(v -> found.put(id, v)));
          afterRedisRead.forEach(hook -> hook.accept("shoppers"));
          return Optional.of(found);
        }
      };

  private final LeaderboardCache boards =
      new LeaderboardCache() {
        @Override
        public boolean enabled() {
          return true;
        }

        @Override
        public Optional<Map<LeaderboardPeriod, Map<ShopperId, Held>>> held(
            Map<LeaderboardPeriod, LocalDate> asked, Collection<ShopperId> shopperIds) {
          if (!redisUp || failingReads-- > 0) {
            return Optional.empty();
          }
          assertThat(asked)
              .containsEntry(LeaderboardPeriod.WEEK, LocalDate.parse("2026-11-30"))
              .containsEntry(LeaderboardPeriod.MONTH, LocalDate.parse("2026-12-01"));
          Map<LeaderboardPeriod, Map<ShopperId, Held>> out = new EnumMap<>(LeaderboardPeriod.class);
          readyBoards.forEach(
              (period, board) -> {
                Map<ShopperId, Held> held = new LinkedHashMap<>();
                shopperIds.forEach(id -> held.put(id, board.getOrDefault(id, Held.NONE)));
                out.put(period, held);
              });
          return Optional.of(out);
        }

        @Override
        public State state(LeaderboardPeriod period, LocalDate start) {
          throw new UnsupportedOperationException();
        }

        @Override
        public Optional<List<LeaderboardScore>> top(
            LeaderboardPeriod period, LocalDate start, int limit) {
          throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Standing> standing(
            LeaderboardPeriod period, LocalDate start, ShopperId shopperId, int neighbours) {
          throw new UnsupportedOperationException();
        }

        @Override
        public void put(
            LeaderboardPeriod period,
            LocalDate start,
            ShopperId shopperId,
            Optional<LeaderboardScore> score,
            long version) {
          throw new UnsupportedOperationException();
        }

        @Override
        public boolean putAll(List<Update> updates) {
          throw new UnsupportedOperationException();
        }

        @Override
        public void clear(LeaderboardPeriod period, LocalDate start) {
          throw new UnsupportedOperationException();
        }

        @Override
        public void markReady(LeaderboardPeriod period, LocalDate start) {
          throw new UnsupportedOperationException();
        }

        @Override
        public void invalidateAll() {
          throw new UnsupportedOperationException();
        }
      };

  private final LeaderboardRepository leaderboards =
      new LeaderboardRepository() {
        @Override
        public Map<ShopperId, List<Versioned>> scoresOf(
            Collection<ShopperId> shopperIds, List<Instant> froms) {
          assertThat(froms).hasSize(3);
          Map<ShopperId, List<Versioned>> out = new LinkedHashMap<>();
          List<Versioned> none =
              List.of(
                  new Versioned(Optional.empty(), 0),
                  new Versioned(Optional.empty(), 0),
                  new Versioned(Optional.empty(), 0));
          shopperIds.forEach(id -> out.put(id, scores.getOrDefault(id, none)));
          return out;
        }

        @Override
        public List<LeaderboardScore> top(Instant from, int limit) {
          throw new UnsupportedOperationException();
        }

        @Override
        public long countAhead(LeaderboardScore score, Instant from) {
          throw new UnsupportedOperationException();
        }

        @Override
        public List<LeaderboardScore> above(LeaderboardScore score, Instant from, int n) {
          throw new UnsupportedOperationException();
        }

        @Override
        public List<LeaderboardScore> below(LeaderboardScore score, Instant from, int n) {
          throw new UnsupportedOperationException();
        }

        @Override
        public void forEach(Instant from, Consumer<Versioned> each) {
          throw new UnsupportedOperationException();
        }
      };

  private final ShopperRepository shopperRows =
      new ShopperRepository() {
        @Override
        public Map<ShopperId, Shopper> findAllById(Collection<ShopperId> ids) {
          Map<ShopperId, Shopper> found = new LinkedHashMap<>();
          ids.forEach(
              id -> Optional.ofNullable(rows.get(id.value())).ifPresent(s -> found.put(id, s)));
          return found;
        }

        @Override
        public Optional<Shopper> findById(ShopperId id) {
          throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Shopper> lockById(ShopperId id) {
          throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Locked> lockWithBlock(ShopperId id) {
          throw new UnsupportedOperationException();
        }

        @Override
        public boolean insert(Shopper shopper) {
          throw new UnsupportedOperationException();
        }

        @Override
        public int insertNew(List<Shopper> shoppers) {
          throw new UnsupportedOperationException();
        }

        @Override
        public Optional<BalanceChange.Applied> applyCoins(BalanceChange change) {
          throw new UnsupportedOperationException();
        }

        @Override
        public Shopper updateProfile(Shopper shopper) {
          throw new UnsupportedOperationException();
        }

        @Override
        public long count() {
          return rows.size();
        }
      };

  private Reconciliation reconciliation(int pageSize) {
    return new Reconciliation(
        repository,
        SETTINGS,
        new Reconciliation.Tiers(
            cache,
            shopperRows,
            boards,
            leaderboards,
            outbox,
            new DirectTransactions(),
            Clock.fixed(NOW, ZoneOffset.UTC)),
        pageSize,
        100);
  }

  private void shopper(String id, long version) {
    rows.put(
        id,
        new Shopper(
            new ShopperId(id),
            "S " + id,
            "en",
            ZoneId.of("UTC"),
            0,
            0,
            1,
            VipTier.BRONZE,
            0,
            0,
            null,
            NOW,
            version));
  }

  private static Versioned score(long xp, long version) {
    return new Versioned(Optional.of(new LeaderboardScore(new ShopperId("x"), xp, NOW)), version);
  }

  private static Versioned noScore(long version) {
    return new Versioned(Optional.empty(), version);
  }

  private static Held held(long version, long xp) {
    return new Held(version, OptionalLong.of(xp));
  }

  @Test
  void
      cachedVersionOlderThanTheDatabase_isStale_repairQueuesTheShopper_andOncePublishedTheCheckIsClean() {
    shopper("a", 3);
    shopper("b", 1);
    shopper("c", 2);
    redis.put(new ShopperId("a"), 2L);
    redis.put(new ShopperId("b"), 1L); // c is not cached: fine

    Reconciliation.Report report = reconciliation(2).run();

    assertThat(report.shoppersChecked()).isEqualTo(3);
    assertThat(report.redisChecked()).isTrue();
    assertThat(report.mismatches())
        .containsExactly(new Mismatch("a", "cachedVersion", "3", "2", Kind.CACHED_SHOPPER_STALE));

    Reconciliation.Repair repair = reconciliation(2).repair();

    assertThat(repair.shopperChanges()).isEqualTo(1);
    assertThat(repair.leaderboardChanges()).isZero();
    assertThat(repair.shopperIds()).containsExactly("a");
    assertThat(outbox.pending())
        .extracting(Pending::kind, Pending::key, Pending::version)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(ChangeOutbox.Kind.SHOPPER, "a", 3L));

    redis.put(new ShopperId("a"), 3L); // what the relay does with it
    assertThat(reconciliation(2).run().clean()).isTrue();
  }

  @Test
  void aDifferenceTheOutboxStillHolds_isInFlight_notAMismatch() {
    shopper("a", 3);
    redis.put(new ShopperId("a"), 2L);
    pendingShoppers.put("a", 3L);

    assertThat(reconciliation(10).run().clean()).isTrue();

    pendingShoppers.put(
        "a", 2L); // only an older change pending: version 3's was published, yet Redis has 2
    assertThat(reconciliation(10).run().mismatches())
        .extracting(Mismatch::kind)
        .containsExactly(Kind.CACHED_SHOPPER_STALE);
  }

  @Test
  void aCommitPublishedDuringTheCheck_isNotAMismatch_butAVersionTheDatabaseNeverHad_is() {
    shopper("a", 4);
    pageVersions.put("a", 3L); // the page was read before the commit of version 4
    redis.put(new ShopperId("a"), 4L); // which the relay published before Redis was read

    assertThat(reconciliation(10).run().clean()).isTrue();

    redis.put(new ShopperId("a"), 5L); // e.g. the database was restored from a backup
    assertThat(reconciliation(10).run().mismatches())
        .containsExactly(new Mismatch("a", "cachedVersion", "4", "5", Kind.CACHED_SHOPPER_AHEAD));
    Reconciliation.Repair repair = reconciliation(10).repair();
    assertThat(repair.notRepairable()).isEqualTo(1);
    assertThat(repair.shopperChanges()).isZero();
    assertThat(outbox.pending()).isEmpty();
  }

  @Test
  void aStaleEntryPublishedBetweenTheFirstAndTheConfirmingRead_isNotAMismatch() {
    shopper("a", 3);
    redis.put(new ShopperId("a"), 2L);
    // The relay publishes version 3 right after the page's MGET.
    afterRedisRead.add(what -> redis.put(new ShopperId("a"), 3L));

    assertThat(reconciliation(10).run().clean()).isTrue();
  }

  @Test
  void aRedisReadWithoutAnswer_isAskedOnceMore_soThePageIsStillChecked() {
    shopper("a", 3);
    redis.put(new ShopperId("a"), 2L);
    ShopperId a = new ShopperId("a");
    scores.put(a, List.of(score(100, 6), score(100, 6), score(100, 6)));
    readyBoards.put(LeaderboardPeriod.ALL_TIME, new HashMap<>(Map.of(a, held(6, 100))));
    failingReads = 1;

    Reconciliation.Report report = reconciliation(10).run();

    assertThat(report.redisChecked()).isTrue();
    assertThat(report.boardsChecked()).containsExactly("all-time");
    assertThat(report.mismatches())
        .extracting(Mismatch::kind)
        .containsExactly(Kind.CACHED_SHOPPER_STALE);
  }

  @Test
  void redisUnreachable_noTierCheck_andTheReportSaysSo() {
    shopper("a", 3);
    redis.put(new ShopperId("a"), 1L);
    redisUp = false;

    Reconciliation.Report report = reconciliation(10).run();

    assertThat(report.clean()).isTrue();
    assertThat(report.redisChecked()).isFalse();
    assertThat(report.boardsChecked()).isEmpty();
  }

  @Test
  void
      readyBoards_entriesComparedWithTheDatabase_missingAndWrongEntriesReported_repairQueuesTheirShoppers() {
    for (String id : List.of("a", "b", "c", "d", "e")) {
      shopper(id, 1);
    }
    ShopperId a = new ShopperId("a");
    ShopperId c = new ShopperId("c");
    ShopperId d = new ShopperId("d");
    ShopperId e = new ShopperId("e");
    // all-time, week, month
    scores.put(a, List.of(score(900, 7), score(300, 7), score(300, 7)));
    scores.put(c, List.of(score(100, 5), score(100, 5), score(100, 5)));
    scores.put(d, List.of(score(100, 6), score(100, 6), score(100, 6)));
    scores.put(e, List.of(score(100, 6), score(100, 6), noScore(6)));
    // b has no xp at all: no entry anywhere, which is right.
    readyBoards.put(
        LeaderboardPeriod.ALL_TIME,
        new HashMap<>(Map.of(a, held(7, 900), c, held(5, 100), d, held(6, 100), e, held(6, 100))));
    readyBoards.put(
        LeaderboardPeriod.WEEK,
        new HashMap<>(
            Map.of(
                a, held(7, 250), // wrong score at the same version
                d, held(5, 90), // behind, but its change is still in the outbox
                e, held(6, 100)))); // c missing though it has 100 xp this week
    pendingBoards.put("d", 6L);
    // The month board is not ready (being rebuilt): not compared, though e's entry would be wrong
    // there.

    Reconciliation.Report report = reconciliation(2).run();

    assertThat(report.mismatches())
        .containsExactlyInAnyOrder(
            new Mismatch("a", "board.week", "300", "250", Kind.BOARD_ENTRY_WRONG),
            new Mismatch("c", "board.week", "100", "absent", Kind.BOARD_ENTRY_WRONG));
    assertThat(report.boardsChecked()).containsExactly("all-time", "week");
    assertThat(report.redisChecked()).isTrue();

    Reconciliation.Repair repair = reconciliation(2).repair();

    assertThat(repair.leaderboardChanges()).isEqualTo(2);
    assertThat(repair.shopperChanges()).isZero();
    assertThat(outbox.pending(ChangeOutbox.Kind.LEADERBOARD))
        .extracting(Pending::key)
        .containsExactly("a", "c");
  }

  @Test
  void aBoardEntryNewerThanTheDatabase_isWrong_anOlderOneWithTheRightXpIsNot() {
    shopper("a", 1);
    shopper("b", 1);
    ShopperId a = new ShopperId("a");
    ShopperId b = new ShopperId("b");
    scores.put(a, List.of(score(100, 6), score(100, 6), score(100, 6)));
    scores.put(b, List.of(noScore(6), noScore(6), noScore(6)));
    readyBoards.put(
        LeaderboardPeriod.ALL_TIME, new HashMap<>(Map.of(a, held(5, 100), b, held(9, 40))));

    assertThat(reconciliation(10).run().mismatches())
        .containsExactly(
            new Mismatch("b", "board.all-time", "absent", "40", Kind.BOARD_ENTRY_WRONG));
  }
}
