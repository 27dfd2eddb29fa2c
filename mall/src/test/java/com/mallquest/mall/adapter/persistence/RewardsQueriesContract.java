package com.mallquest.mall.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.mallquest.mall.application.port.AnalyticsRepository;
import com.mallquest.mall.application.port.AnalyticsRepository.Day;
import com.mallquest.mall.application.port.AnalyticsRepository.DayFigures;
import com.mallquest.mall.application.port.BalanceChange;
import com.mallquest.mall.application.port.LeaderboardRepository;
import com.mallquest.mall.domain.LeaderboardScore;
import com.mallquest.mall.domain.LedgerEntry;
import com.mallquest.mall.domain.LedgerReason;
import com.mallquest.mall.domain.LocalizedText;
import com.mallquest.mall.domain.Purchase;
import com.mallquest.mall.domain.Refund;
import com.mallquest.mall.domain.Reward;
import com.mallquest.mall.domain.RewardId;
import com.mallquest.mall.domain.Shopper;
import com.mallquest.mall.domain.ShopperId;
import com.mallquest.mall.domain.Store;
import com.mallquest.mall.domain.VipTier;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The rewards feature's SQL on both databases: guarded updates, leaderboards, analytics. */
abstract class RewardsQueriesContract extends DatabaseContract {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  private JdbcRewardRepository rewards() {
    return new JdbcRewardRepository(database.dataSource());
  }

  private JdbcLeaderboardRepository leaderboards() {
    return new JdbcLeaderboardRepository(database.dataSource());
  }

  private JdbcXpLedgerRepository xpLedger() {
    return new JdbcXpLedgerRepository(database.dataSource());
  }

  private Shopper shopper(String id, Instant createdAt) {
    Shopper s =
        new Shopper(
            ShopperId.of(id), "N", "en", BERLIN, 0, 0, 1, VipTier.BRONZE, 0, 0, null, createdAt, 0);
    shoppers().insert(s);
    return s;
  }

  private Purchase purchase(
      Shopper shopper, Store store, long amountMinor, long coins, Instant at) {
    Purchase p =
        new Purchase(
            UUID.randomUUID().toString(),
            shopper.id(),
            store.id(),
            UUID.randomUUID().toString(),
            amountMinor,
            "USD",
            coins,
            amountMinor / 100,
            at);
    purchases().insert(p);
    ledger()
        .append(
            LedgerEntry.unsaved(
                shopper.id(), coins, coins, LedgerReason.PURCHASE, "purchase:" + p.id(), at));
    return p;
  }

  private static Reward reward(String id, OptionalLong stock) {
    return new Reward(
        RewardId.of(id),
        new LocalizedText(Map.of("en", "Coffee", "ar", "قهوة")),
        LocalizedText.english("A cup"),
        10,
        stock,
        Optional.of(VipTier.GOLD),
        Optional.of(T0),
        Optional.empty(),
        true,
        0);
  }

  @Test
  void reward_insertReplaceAndTakeOne_guardedAtZero_unlimitedUntouched() {
    Reward limited = reward("coffee", OptionalLong.of(1));
    assertThat(rewards().insert(limited)).isTrue();
    assertThat(rewards().insert(limited)).isFalse();
    assertThat(rewards().findById(limited.id())).contains(limited);

    assertThat(rewards().takeOne(limited.id())).isTrue();
    assertThat(rewards().takeOne(limited.id())).isFalse();
    assertThat(rewards().findById(limited.id()).orElseThrow().stock()).hasValue(0);

    Reward unlimited = rewards().replace(reward("coffee", OptionalLong.empty())).orElseThrow();
    assertThat(unlimited.version()).isEqualTo(1);
    assertThat(rewards().takeOne(limited.id())).isTrue();
    assertThat(rewards().findById(limited.id()).orElseThrow().stock()).isEmpty();
    assertThat(rewards().replace(reward("absent", OptionalLong.empty()))).isEmpty();
    assertThat(rewards().list(Optional.empty(), 10)).hasSize(1);
  }

  @Test
  void spendingCoins_neverBelowZero() {
    Shopper s = givenShopper();
    database
        .transactions()
        .inTransaction(
            () ->
                shoppers()
                    .applyCoins(
                        BalanceChange.coins(
                                s.id(), 100, LedgerReason.CHECK_IN, "check-in:2024-05-01", T0)
                            .withCheckIn(1, LocalDate.of(2024, 5, 1))));
    assertThat(
            database
                .transactions()
                .inTransaction(
                    () ->
                        shoppers()
                            .applyCoins(
                                BalanceChange.coins(
                                    s.id(), -101, LedgerReason.REDEMPTION, "redemption:1", T0))))
        .isEmpty();
    assertThat(
            database
                .transactions()
                .inTransaction(
                    () ->
                        shoppers()
                            .applyCoins(
                                BalanceChange.coins(
                                    s.id(), -100, LedgerReason.REDEMPTION, "redemption:2", T0))))
        .hasValueSatisfying(after -> assertThat(after.shopper().coins()).isZero());
  }

  @Test
  void leaderboard_tieRuleInSql_andPeriodFilter() {
    Instant t = Instant.parse("2026-11-20T10:00:00.000001Z");
    for (String id : List.of("b", "a", "_", "A", "-")) {
      shopper(id, T0);
      xpLedger().append(ShopperId.of(id), 50, LedgerReason.PURCHASE, "p", t);
    }
    shopper("early", T0);
    xpLedger().append(ShopperId.of("early"), 50, LedgerReason.PURCHASE, "p", t.minusNanos(1000));
    shopper("old", T0);
    xpLedger()
        .append(ShopperId.of("old"), 500, LedgerReason.PURCHASE, "p", t.minusSeconds(86_400 * 30));
    xpLedger().append(ShopperId.of("old"), -450, LedgerReason.REFUND, "r", t.plusSeconds(1));

    Instant week = t.minusSeconds(3600);
    List<String> order =
        leaderboards().top(week, 10).stream().map(s -> s.shopperId().value()).toList();
    assertThat(order).containsExactly("early", "-", "A", "_", "a", "b");
    List<String> allTime =
        leaderboards().top(Instant.EPOCH, 10).stream().map(s -> s.shopperId().value()).toList();
    assertThat(allTime).containsExactly("early", "-", "A", "_", "a", "b", "old");

    LeaderboardScore a = leaderboards().scoreOf(ShopperId.of("A"), week).score().orElseThrow();
    assertThat(a).isEqualTo(new LeaderboardScore(ShopperId.of("A"), 50, t));
    assertThat(leaderboards().countAhead(a, week)).isEqualTo(2);
    assertThat(leaderboards().above(a, week, 5))
        .extracting(s -> s.shopperId().value())
        .containsExactly("early", "-");
    assertThat(leaderboards().below(a, week, 2))
        .extracting(s -> s.shopperId().value())
        .containsExactly("_", "a");
    assertThat(leaderboards().scoreOf(ShopperId.of("old"), week).score()).isEmpty();
    assertThat(leaderboards().scoreOf(ShopperId.of("old"), week).version()).isPositive();

    // All periods in one statement give what one statement per period gives.
    for (String id : List.of("A", "early", "old", "nobody")) {
      ShopperId shopper = ShopperId.of(id);
      assertThat(leaderboards().scoresOf(shopper, List.of(week, Instant.EPOCH, t.plusSeconds(2))))
          .as(id)
          .containsExactly(
              leaderboards().scoreOf(shopper, week),
              leaderboards().scoreOf(shopper, Instant.EPOCH),
              leaderboards().scoreOf(shopper, t.plusSeconds(2)));
    }
    assertThat(leaderboards().scoresOf(ShopperId.of("old"), List.of(Instant.EPOCH)).get(0).score())
        .contains(new LeaderboardScore(ShopperId.of("old"), 50, t.plusSeconds(1)));
    assertThat(leaderboards().scoresOf(ShopperId.of("nobody"), List.of(Instant.EPOCH)))
        .containsExactly(new LeaderboardRepository.Versioned(Optional.empty(), 0));
  }

  /**
   * A refresh reads a shopper's period scores from running totals (ADR 0031); the boards sum the
   * period's rows. Both must give the same score, whatever order the rows were written in.
   */
  @Test
  void leaderboard_scoresOf_fromRunningTotals_equalTheBoards_rowsWrittenInAnyOrder() {
    Random random = new Random(20_261_203);
    Instant base = Instant.parse("2026-11-02T00:00:00Z");
    List<ShopperId> ids = List.of(ShopperId.of("r1"), ShopperId.of("r2"), ShopperId.of("r3"));
    ids.forEach(id -> shopper(id.value(), T0));
    shopper("none", T0);
    List<Instant> times = new ArrayList<>();
    for (int i = 0; i < 90; i++) {
      // Whole hours, so that many rows share a time; deltas of both signs.
      Instant at = base.plusSeconds(3_600L * random.nextInt(48));
      long delta = random.nextInt(160) - 40;
      xpLedger()
          .append(
              ids.get(random.nextInt(ids.size())),
              delta == 0 ? 1 : delta,
              LedgerReason.PURCHASE,
              "p" + i,
              at);
      times.add(at);
    }
    List<Instant> froms = new ArrayList<>(List.of(Instant.EPOCH, base, base.plusSeconds(86_400)));
    for (int i = 0; i < 6; i++) {
      Instant t = times.get(random.nextInt(times.size()));
      froms.add(t);
      froms.add(t.plusNanos(1_000));
    }
    List<ShopperId> asked = new ArrayList<>(ids);
    asked.add(ShopperId.of("none"));

    Map<ShopperId, List<LeaderboardRepository.Versioned>> scores =
        leaderboards().scoresOf(asked, froms);

    assertThat(scores.keySet()).containsExactlyInAnyOrderElementsOf(asked);
    for (int i = 0; i < froms.size(); i++) {
      List<LeaderboardScore> board = leaderboards().top(froms.get(i), 10);
      for (ShopperId id : ids) {
        LeaderboardRepository.Versioned versioned = scores.get(id).get(i);
        assertThat(versioned.score())
            .as("%s since %s", id, froms.get(i))
            .isEqualTo(board.stream().filter(s -> s.shopperId().equals(id)).findFirst());
        assertThat(versioned.version()).isEqualTo(newestXpRow(id));
      }
      assertThat(scores.get(ShopperId.of("none")).get(i))
          .isEqualTo(new LeaderboardRepository.Versioned(Optional.empty(), 0));
    }
  }

  private long newestXpRow(ShopperId id) {
    return database
        .jdbc()
        .sql(
            "SELECT id FROM xp_ledger WHERE shopper_id = :id ORDER BY created_at DESC, id DESC LIMIT 1")
        .param("id", id.value())
        .query(Long.class)
        .single();
  }

  @Test
  void analytics_byMallDayAcrossDaylightSaving_storesAndTotals() {
    // 2026-10-25: Berlin leaves summer time; that day has 25 hours.
    List<Day> days = List.of(day("2026-10-24"), day("2026-10-25"), day("2026-10-26"));
    Store store = givenStore();
    Store quiet = givenStore();
    Shopper ann = shopper("ann", Instant.parse("2026-10-24T21:59:59Z")); // 23:59:59 on the 24th
    Shopper bob = shopper("bob", Instant.parse("2026-10-24T22:00:00Z")); // 00:00 on the 25th
    Purchase p1 =
        purchase(
            ann, store, 10_000, 100, Instant.parse("2026-10-25T22:59:59Z")); // 23:59:59 on the 25th
    purchase(bob, store, 5_000, 50, Instant.parse("2026-10-25T23:00:00Z")); // 00:00 on the 26th
    purchase(ann, store, 1_000, 10, Instant.parse("2026-10-26T08:00:00Z"));
    ledger()
        .append(
            LedgerEntry.unsaved(
                ann.id(),
                -30,
                80,
                LedgerReason.REDEMPTION,
                "redemption:x",
                Instant.parse("2026-10-26T09:00:00Z")));
    ledger()
        .append(
            LedgerEntry.unsaved(
                bob.id(),
                5,
                55,
                LedgerReason.CHECK_IN,
                "check-in",
                Instant.parse("2026-10-24T12:00:00Z")));
    new JdbcRefundRepository(database.dataSource())
        .insert(
            new Refund(
                p1.id(),
                ann.id(),
                store.id(),
                10_000,
                100,
                0,
                100,
                Instant.parse("2026-10-26T10:00:00Z")));
    // Mission completions count by the mall day of completed_at, like everything else.
    completion("m1", ann, Instant.parse("2026-10-25T22:59:59Z")); // 23:59:59 on the 25th
    completion("m2", ann, Instant.parse("2026-10-25T23:00:00Z")); // 00:00 on the 26th
    completion("m1", bob, Instant.parse("2026-10-26T12:00:00Z"));
    JdbcAnalyticsRepository analytics = new JdbcAnalyticsRepository(database.dataSource());

    Map<LocalDate, DayFigures> figures = analytics.days(days);

    assertThat(figures.get(LocalDate.parse("2026-10-24")))
        .isEqualTo(new DayFigures(1, 1, 0, 0, 5, 0, 0));
    assertThat(figures.get(LocalDate.parse("2026-10-25")))
        .isEqualTo(new DayFigures(1, 1, 1, 10_000, 100, 0, 1));
    assertThat(figures.get(LocalDate.parse("2026-10-26")))
        .isEqualTo(new DayFigures(0, 2, 2, 6_000, 60, 30, 2));
    assertThat(analytics.activeShoppers(days.get(0).start(), days.get(2).end())).isEqualTo(2);
    assertThat(analytics.shoppersRegisteredBefore(days.get(0).end())).isEqualTo(1);
    List<AnalyticsRepository.StoreFigures> stores =
        analytics.stores(days.get(1).start(), days.get(2).end());
    assertThat(stores)
        .containsExactly(
            new AnalyticsRepository.StoreFigures(
                store.id().value(), store.name(), "FASHION", 16_000, 3, 2, 160, 1),
            new AnalyticsRepository.StoreFigures(
                quiet.id().value(), quiet.name(), "FASHION", 0, 0, 0, 0, 0));
    assertThat(analytics.countMissionCompletions(days))
        .isEqualTo(
            Map.of(
                LocalDate.parse("2026-10-24"),
                0L,
                LocalDate.parse("2026-10-25"),
                1L,
                LocalDate.parse("2026-10-26"),
                2L));
  }

  private void completion(String mission, Shopper shopper, Instant at) {
    database
        .jdbc()
        .sql(
            "INSERT INTO mission_completions (mission_id, shopper_id, window_start, completed_at)"
                + " VALUES (?, ?, ?, ?)")
        .params(mission, shopper.id().value(), SqlValues.utc(at), SqlValues.utc(at))
        .update();
  }

  private static Day day(String date) {
    LocalDate d = LocalDate.parse(date);
    return new Day(
        d, d.atStartOfDay(BERLIN).toInstant(), d.plusDays(1).atStartOfDay(BERLIN).toInstant());
  }
}
