package com.mallquest.mall.domain;

import static com.mallquest.mall.domain.Fixtures.RULES;
import static com.mallquest.mall.domain.Fixtures.shopper;
import static com.mallquest.mall.domain.Fixtures.store;
import static com.mallquest.mall.domain.Fixtures.usd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShopperPurchaseTest {

  @Test
  void applyPurchase_small_creditsCoinsXpAndSpendWithoutEvents() {
    Shopper shopper = shopper();

    PurchaseOutcome outcome = shopper.applyPurchase(usd(1999), store("1.5"), RULES);

    assertThat(outcome.earning()).isEqualTo(new Earning(29, 19)); // 19.99 x 1.5 x 1.0
    Shopper after = outcome.shopper();
    assertThat(after.coins()).isEqualTo(29);
    assertThat(after.xp()).isEqualTo(19);
    assertThat(after.lifetimeSpendMinor()).isEqualTo(1999);
    assertThat(after.level()).isEqualTo(1);
    assertThat(after.vipTier()).isEqualTo(VipTier.BRONZE);
    assertThat(outcome.events()).isEmpty();
  }

  @Test
  void applyPurchase_any_keepsVersionAndProfile() {
    Shopper shopper =
        new Shopper(
            ShopperId.of("s1"),
            "Ann",
            "de-DE",
            Fixtures.MALL_ZONE,
            10,
            5,
            1,
            VipTier.BRONZE,
            100,
            3,
            LocalDate.parse("2024-02-01"),
            Fixtures.REGISTERED,
            42);

    Shopper after = shopper.applyPurchase(usd(500), store("1"), RULES).shopper();

    assertThat(after.version()).isEqualTo(42);
    assertThat(after.id()).isEqualTo(shopper.id());
    assertThat(after.displayName()).isEqualTo("Ann");
    assertThat(after.language()).isEqualTo("de-DE");
    assertThat(after.loginStreak()).isEqualTo(3);
    assertThat(after.lastCheckIn()).contains(LocalDate.parse("2024-02-01"));
    assertThat(after.createdAt()).isEqualTo(Fixtures.REGISTERED);
  }

  @Test
  void applyPurchase_reachingLevelTwo_emitsLevelUp() {
    PurchaseOutcome outcome = shopper().applyPurchase(usd(28_300), store("1"), RULES);

    assertThat(outcome.shopper().level()).isEqualTo(2);
    assertThat(outcome.events()).containsExactly(new DomainEvent.LevelUp(1, 2));
    assertThat(outcome.events().get(0).type()).isEqualTo("level_up");
  }

  @Test
  void applyPurchase_severalLevelsAtOnce_oneLevelUpEvent() {
    PurchaseOutcome outcome = shopper().applyPurchase(usd(111_800), store("1"), RULES);

    assertThat(outcome.shopper().level()).isEqualTo(5);
    assertThat(outcome.events()).contains(new DomainEvent.LevelUp(1, 5));
  }

  @Test
  void applyPurchase_crossingSilverAtExactly500_earnsAtBronzeRateThenChangesTier() {
    Shopper shopper = shopper().applyPurchase(usd(49_999), store("1"), RULES).shopper();
    assertThat(shopper.vipTier()).isEqualTo(VipTier.BRONZE);

    PurchaseOutcome crossing = shopper.applyPurchase(usd(1), store("1"), RULES);
    PurchaseOutcome next = crossing.shopper().applyPurchase(usd(10_000), store("1"), RULES);

    assertThat(crossing.shopper().lifetimeSpendMinor()).isEqualTo(50_000);
    assertThat(crossing.shopper().vipTier()).isEqualTo(VipTier.SILVER);
    assertThat(crossing.events())
        .containsExactly(new DomainEvent.TierChanged(VipTier.BRONZE, VipTier.SILVER));
    assertThat(crossing.events().get(0).type()).isEqualTo("tier_changed");
    assertThat(next.earning().coins()).isEqualTo(110); // 100.00 x 1.1, Silver from now on
  }

  @Test
  void applyPurchase_bigPurchaseCrossingTier_usesTierBeforePurchase() {
    PurchaseOutcome outcome = shopper().applyPurchase(usd(1_000_000), store("1"), RULES);

    assertThat(outcome.earning().coins()).isEqualTo(10_000); // Bronze 1.0, not Platinum 1.5
    assertThat(outcome.shopper().vipTier()).isEqualTo(VipTier.PLATINUM);
    assertThat(outcome.events())
        .containsExactly(
            new DomainEvent.LevelUp(1, 21),
            new DomainEvent.TierChanged(VipTier.BRONZE, VipTier.PLATINUM));
  }

  @Test
  void applyPurchase_inactiveStore_conflictNamingStore() {
    Store closed = store("1").withActive(false);

    assertThatThrownBy(() -> shopper().applyPurchase(usd(100), closed, RULES))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("store is inactive")
        .hasMessageContaining("store-1");
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 10_000_000_001L, Long.MAX_VALUE})
  void applyPurchase_amountOutOfRange_rejectedNamingAmountMinor(long minor) {
    assertThatThrownBy(() -> shopper().applyPurchase(usd(minor), store("1"), RULES))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("amountMinor"))
        .hasMessageContaining(String.valueOf(minor));
  }

  @Test
  void applyPurchase_largestAmount_accepted() {
    PurchaseOutcome outcome =
        shopper().applyPurchase(usd(Purchase.MAX_AMOUNT_MINOR), store("10"), RULES);

    assertThat(outcome.earning()).isEqualTo(new Earning(1_000_000_000, 100_000_000));
    assertThat(outcome.shopper().level()).isEqualTo(EarningRules.MAX_LEVEL);
  }

  @Test
  void applyPurchase_stricterRulesSinceLevelReached_neverLowersLevelOrTier() {
    Shopper veteran =
        new Shopper(
            ShopperId.of("s1"),
            "Vet",
            "en",
            Fixtures.MALL_ZONE,
            0,
            1200,
            5,
            VipTier.GOLD,
            200_000,
            0,
            null,
            Fixtures.REGISTERED,
            7);
    EarningRules stricter =
        new EarningRules(
            EarningRulesTest.tiers(
                BigDecimal.ZERO,
                new BigDecimal("5000"),
                new BigDecimal("20000"),
                new BigDecimal("100000")),
            RULES.tierCoinMultipliers(),
            1000,
            2,
            5,
            5,
            50,
            7,
            100);

    PurchaseOutcome outcome = veteran.applyPurchase(usd(100), store("1"), stricter);

    assertThat(outcome.shopper().level()).isEqualTo(5);
    assertThat(outcome.shopper().vipTier()).isEqualTo(VipTier.GOLD);
    assertThat(outcome.events()).isEmpty();
  }

  @Test
  void levelAfterGain_theRuleMissionRewardsShare_neverLowersAndReportsARise() {
    Shopper veteran =
        new Shopper(
            ShopperId.of("s1"),
            "Vet",
            "en",
            Fixtures.MALL_ZONE,
            0,
            1200,
            5,
            VipTier.GOLD,
            200_000,
            0,
            null,
            Fixtures.REGISTERED,
            7);
    EarningRules stricter =
        new EarningRules(
            RULES.tierThresholdsMajor(), RULES.tierCoinMultipliers(), 1000, 2, 5, 5, 50, 7, 100);

    assertThat(veteran.levelAfterGain(1300, stricter))
        .isEqualTo(new Shopper.LevelGain(5, java.util.Optional.empty()));
    assertThat(veteran.levelAfterGain(RULES.xpForLevel(7), RULES))
        .isEqualTo(new Shopper.LevelGain(7, java.util.Optional.of(new DomainEvent.LevelUp(5, 7))));
  }

  @Test
  void applyPurchase_balanceWouldOverflow_conflict() {
    Shopper rich =
        new Shopper(
            ShopperId.of("s1"),
            "Rich",
            "en",
            Fixtures.MALL_ZONE,
            Long.MAX_VALUE - 1,
            0,
            1,
            VipTier.BRONZE,
            0,
            0,
            null,
            Fixtures.REGISTERED,
            0);

    assertThatThrownBy(() -> rich.applyPurchase(usd(10_000), store("1"), RULES))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("coins");
  }

  @Test
  void applyPurchase_eventsList_isUnmodifiable() {
    PurchaseOutcome outcome = shopper().applyPurchase(usd(28_300), store("1"), RULES);

    assertThatThrownBy(() -> outcome.events().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
