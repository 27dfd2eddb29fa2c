package com.mallquest.mall.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.mallquest.mall.application.port.BalanceChange;
import com.mallquest.mall.application.port.ChangeOutbox.Change;
import com.mallquest.mall.application.port.ChangeOutbox.Kind;
import com.mallquest.mall.application.port.ReconciliationRepository.ShopperTotals;
import com.mallquest.mall.domain.CompanionSpecies;
import com.mallquest.mall.domain.EvolutionStage;
import com.mallquest.mall.domain.LedgerReason;
import com.mallquest.mall.domain.LocalizedText;
import com.mallquest.mall.domain.Rarity;
import com.mallquest.mall.domain.Shopper;
import com.mallquest.mall.domain.ShopperId;
import com.mallquest.mall.domain.VipTier;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

abstract class ReconciliationRepositoryContract extends DatabaseContract {

  private JdbcReconciliationRepository repository() {
    return new JdbcReconciliationRepository(database.dataSource());
  }

  @Test
  void page_sumsEachShoppersLedgerAndReadsStoredFigures() {
    Shopper a = newShopper(new ShopperId("a"));
    shoppers().insert(a);
    shoppers().insert(newShopper(new ShopperId("b")));
    ledger().append(newEntry(a.id(), 40, 40, T0));
    ledger().append(newEntry(a.id(), -15, 25, T0));
    // The row's stored figures, as a purchase would leave them (its ledger rows are the two above).
    database
        .jdbc()
        .sql(
            "UPDATE shoppers SET coins = 25, xp = 700, lifetime_spend_minor = 90000, level = 2,"
                + " vip_tier = 'SILVER', version = version + 1 WHERE id = :id")
        .param("id", a.id().value())
        .update();

    List<ShopperTotals> page = repository().page(Optional.empty(), 10);

    assertThat(page)
        .containsExactly(
            new ShopperTotals("a", 25, 25, 700, 0, 0, 2, VipTier.SILVER, 90_000, 1, false, false),
            new ShopperTotals("b", 0, 0, 0, 0, 0, 1, VipTier.BRONZE, 0, 0, false, false));
  }

  @Test
  void page_readsTheXpLedgersSumItsNewestRunningTotalAndTheCompanionFlagNextToARow() {
    Shopper a = newShopper(new ShopperId("a"));
    Shopper b = newShopper(new ShopperId("b"));
    shoppers().insert(a);
    shoppers().insert(b);
    // Balance changes as purchases make them; the second is stamped earlier but comes last.
    for (BalanceChange change :
        List.of(
            BalanceChange.coins(a.id(), 5, LedgerReason.PURCHASE, "purchase:1", T0).withXp(40),
            BalanceChange.coins(a.id(), 0, LedgerReason.PURCHASE, "purchase:2", T0.minusSeconds(9))
                .withXp(25),
            BalanceChange.coins(b.id(), 3, LedgerReason.PURCHASE, "purchase:3", T0).withXp(7))) {
      database.transactions().inTransaction(() -> shoppers().applyCoins(change));
    }
    // Then what reconciliation must see through: an xp row no balance change wrote (it moves the
    // sum, not the newest running total), and a companion granted without its flag.
    database
        .jdbc()
        .sql(
            "INSERT INTO xp_ledger (shopper_id, delta, xp_after, reason, reference, created_at)"
                + " VALUES (:id, 11, 11, 'PURCHASE', 'stray', :at)")
        .param("id", b.id().value())
        .param("at", SqlValues.utc(T0.minusSeconds(60)))
        .update();
    insertSpeciesAndCompanion(b.id());

    List<ShopperTotals> page = repository().page(Optional.empty(), 10);

    assertThat(page)
        .extracting(
            ShopperTotals::shopperId,
            ShopperTotals::xp,
            ShopperTotals::xpLedgerSum,
            ShopperTotals::xpAfterNewest,
            ShopperTotals::hasCompanion,
            ShopperTotals::ownsCompanion)
        .containsExactly(
            tuple("a", 65L, 65L, 65L, false, false), tuple("b", 7L, 18L, 7L, false, true));
  }

  /** A species and a companion of it for {@code shopper}, by plain SQL: the flag stays unset. */
  private void insertSpeciesAndCompanion(ShopperId shopper) {
    new JdbcCompanionRepository(database.dataSource())
        .insertSpecies(
            new CompanionSpecies(
                "rc-fox",
                LocalizedText.english("Fox"),
                Rarity.COMMON,
                1L,
                List.of(new EvolutionStage(LocalizedText.english("Kit"), 0)),
                1));
    database
        .jdbc()
        .sql(
            "INSERT INTO companions (id, shopper_id, species_id, xp, stage, active, source,"
                + " idempotency_key, acquired_at) VALUES ('rc-1', :shopper, 'rc-fox', 0, 0, TRUE,"
                + " 'purchase', 'rc-1', :at)")
        .param("shopper", shopper.value())
        .param("at", SqlValues.utc(T0))
        .update();
  }

  @Test
  void pendingVersions_highestPendingVersionPerKeyOfTheKind_onlyForTheKeysAsked() {
    JdbcChangeOutbox outbox = database.outbox(Clock.fixed(T0, ZoneOffset.UTC), () -> {});
    database
        .transactions()
        .inTransaction(
            () -> {
              outbox.append(
                  List.of(
                      Change.of(Kind.SHOPPER, "a", 3),
                      Change.of(Kind.SHOPPER, "a", 5),
                      Change.of(Kind.LEADERBOARD, "a", 5),
                      Change.of(Kind.SHOPPER, "b", 2),
                      Change.of(Kind.SHOPPER, "c", 9),
                      Change.of(Kind.LEADERBOARD, "d", 4),
                      // One row for both (a purchase's): pending for the profile and the boards.
                      Change.of(Kind.SHOPPER_AND_BOARDS, "b", 7),
                      Change.of(Kind.SHOPPER_AND_BOARDS, "e", 1)));
              return null;
            });

    assertThat(repository().pendingVersions(Kind.SHOPPER, List.of("a", "b", "d", INJECTION)))
        .isEqualTo(Map.of("a", 5L, "b", 7L));
    assertThat(repository().pendingVersions(Kind.LEADERBOARD, List.of("a", "b", "d")))
        .isEqualTo(Map.of("a", 5L, "b", 7L, "d", 4L));
    assertThat(repository().pendingVersions(Kind.LEADERBOARD, List.of("c", "e")))
        .isEqualTo(Map.of("e", 1L));
    assertThat(repository().pendingVersions(Kind.SHOPPER, List.of())).isEmpty();

    outbox.drain(100, batch -> true);
    assertThat(repository().pendingVersions(Kind.SHOPPER, List.of("a", "b"))).isEmpty();
  }

  @Test
  void page_keysetOverIds_visitsEveryShopperOnce() {
    for (String id : List.of("e", "a", "d", "c", "b")) {
      shoppers().insert(newShopper(new ShopperId(id)));
    }

    List<ShopperTotals> first = repository().page(Optional.empty(), 2);
    List<ShopperTotals> second = repository().page(Optional.of("b"), 2);
    List<ShopperTotals> last = repository().page(Optional.of("d"), 2);

    assertThat(first).extracting(ShopperTotals::shopperId).containsExactly("a", "b");
    assertThat(second).extracting(ShopperTotals::shopperId).containsExactly("c", "d");
    assertThat(last).extracting(ShopperTotals::shopperId).containsExactly("e");
    assertThat(repository().page(Optional.of("e"), 2)).isEmpty();
  }
}
