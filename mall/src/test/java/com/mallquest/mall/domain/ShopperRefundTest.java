package com.mallquest.mall.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ShopperRefundTest {

  private static final Instant NOW = Instant.parse("2026-11-15T12:00:00Z");

  /** The shopper after {@code amountMinor} at a x1 store, and that purchase. */
  private record Bought(Shopper shopper, Purchase purchase) {}

  private static Bought buy(Shopper shopper, long amountMinor) {
    PurchaseOutcome outcome =
        shopper.applyPurchase(Fixtures.usd(amountMinor), Fixtures.store("1"), Fixtures.RULES);
    Purchase purchase =
        Purchase.create(
            shopper.id(),
            StoreId.of("store-1"),
            "r-" + amountMinor,
            Fixtures.usd(amountMinor),
            outcome.earning(),
            NOW);
    return new Bought(outcome.shopper(), purchase);
  }

  private static Shopper spend(Shopper s, long coins) {
    return new Shopper(
        s.id(),
        s.displayName(),
        s.language(),
        s.timeZone(),
        s.coins() - coins,
        s.xp(),
        s.level(),
        s.vipTier(),
        s.lifetimeSpendMinor(),
        s.loginStreak(),
        s.lastCheckInDate(),
        s.createdAt(),
        s.version());
  }

  @Test
  void refund_untouchedPurchase_reversesEverythingAndRestoresLevelAndTier() {
    Shopper before = Fixtures.shopper();
    Bought bought = buy(before, 60_000); // 600 USD: 600 coins and xp, level 3 (520), Silver (500)
    assertThat(bought.shopper().vipTier()).isEqualTo(VipTier.SILVER);
    assertThat(bought.shopper().level()).isEqualTo(3);

    RefundOutcome outcome = bought.shopper().applyRefund(bought.purchase(), Fixtures.RULES, NOW);

    assertThat(outcome.refund().coinsReversed()).isEqualTo(600);
    assertThat(outcome.refund().coinsShortfall()).isZero();
    assertThat(outcome.refund().xpReversed()).isEqualTo(600);
    assertThat(outcome.shopper().coins()).isZero();
    assertThat(outcome.shopper().xp()).isZero();
    assertThat(outcome.shopper().level()).isEqualTo(1);
    assertThat(outcome.shopper().vipTier()).isEqualTo(VipTier.BRONZE);
    assertThat(outcome.shopper().lifetimeSpendMinor()).isZero();
    assertThat(outcome.events())
        .containsExactly(new DomainEvent.TierChanged(VipTier.SILVER, VipTier.BRONZE));
  }

  @Test
  void refund_coinsAlreadySpent_balanceStopsAtZeroAndShortfallRecorded() {
    Bought bought = buy(Fixtures.shopper(), 100_000); // 1000 coins
    Shopper afterSpending = spend(bought.shopper(), 900);

    RefundOutcome outcome = afterSpending.applyRefund(bought.purchase(), Fixtures.RULES, NOW);

    assertThat(outcome.refund().coinsReversed()).isEqualTo(100);
    assertThat(outcome.refund().coinsShortfall()).isEqualTo(900);
    assertThat(outcome.shopper().coins()).isZero();
    assertThat(outcome.refund().coinsReversed() + outcome.refund().coinsShortfall())
        .isEqualTo(bought.purchase().coinsEarned());
  }

  @Test
  void refund_oneOfTwoPurchases_levelAndTierFromWhatRemains() {
    Bought first = buy(Fixtures.shopper(), 30_000);
    Bought second = buy(first.shopper(), 30_000); // 600 total: Silver, level 3

    RefundOutcome outcome = second.shopper().applyRefund(first.purchase(), Fixtures.RULES, NOW);

    assertThat(outcome.shopper().xp()).isEqualTo(300);
    assertThat(outcome.shopper().level()).isEqualTo(Fixtures.RULES.levelForXp(300)).isEqualTo(2);
    assertThat(outcome.shopper().vipTier()).isEqualTo(VipTier.BRONZE);
    assertThat(outcome.shopper().lifetimeSpendMinor()).isEqualTo(30_000);
  }

  @Test
  void refund_anotherShoppersPurchase_rejected() {
    Bought bought = buy(Fixtures.shopper(), 1_000);
    Shopper other =
        Shopper.register(ShopperId.of("someone-else"), null, null, null, Fixtures.MALL_ZONE, NOW);
    assertThatThrownBy(() -> other.applyRefund(bought.purchase(), Fixtures.RULES, NOW))
        .isInstanceOf(InvalidInputException.class);
  }
}
