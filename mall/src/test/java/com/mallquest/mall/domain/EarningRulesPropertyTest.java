package com.mallquest.mall.domain;

import static com.mallquest.mall.domain.Fixtures.RULES;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Currency;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class EarningRulesPropertyTest {

  @Property
  void earn_anyPurchase_coinsNeverNegativeAndMonotoneInAmount(
      @ForAll @LongRange(min = 0, max = Purchase.MAX_AMOUNT_MINOR) long a,
      @ForAll @LongRange(min = 0, max = Purchase.MAX_AMOUNT_MINOR) long b,
      @ForAll("storeMultipliers") BigDecimal storeMultiplier,
      @ForAll VipTier tier,
      @ForAll("currencies") Currency currency) {
    long smaller = Math.min(a, b);
    long larger = Math.max(a, b);
    Store store = Store.create(StoreId.of("s"), "S", StoreCategory.OTHER, "G", storeMultiplier);

    Earning low = RULES.earn(new Money(smaller, currency), store, tier);
    Earning high = RULES.earn(new Money(larger, currency), store, tier);

    assertThat(low.coins()).isNotNegative();
    assertThat(low.coins()).isLessThanOrEqualTo(high.coins());
    assertThat(low.xp()).isLessThanOrEqualTo(high.xp());
  }

  @Property
  void earn_higherTier_neverEarnsLess(
      @ForAll @LongRange(min = 0, max = Purchase.MAX_AMOUNT_MINOR) long minor,
      @ForAll("storeMultipliers") BigDecimal storeMultiplier) {
    Store store = Store.create(StoreId.of("s"), "S", StoreCategory.OTHER, "G", storeMultiplier);
    Money amount = new Money(minor, Fixtures.USD);

    long previous = -1;
    for (VipTier tier : VipTier.values()) {
      long coins = RULES.earn(amount, store, tier).coins();
      assertThat(coins).isGreaterThanOrEqualTo(previous);
      previous = coins;
    }
  }

  @Property
  void levelForXp_atAndJustBelowThreshold_isThatLevelAndTheOneBefore(
      @ForAll @IntRange(min = 2, max = EarningRules.MAX_LEVEL) int level) {
    long xp = RULES.xpForLevel(level);

    assertThat(RULES.levelForXp(xp)).isEqualTo(level);
    assertThat(RULES.levelForXp(xp - 1)).isEqualTo(level - 1);
  }

  @Property
  void levelCurve_anyValidRules_roundTrips(
      @ForAll @LongRange(min = 1, max = 100_000) long base,
      @ForAll @DoubleRange(min = 1.0, max = 2.5) double exponent,
      @ForAll @IntRange(min = 2, max = EarningRules.MAX_LEVEL) int level) {
    EarningRules rules =
        new EarningRules(
            RULES.tierThresholdsMajor(),
            RULES.tierCoinMultipliers(),
            base,
            exponent,
            5,
            5,
            50,
            7,
            100);
    long xp = rules.xpForLevel(level);

    assertThat(xp).isGreaterThan(rules.xpForLevel(level - 1));
    assertThat(rules.levelForXp(xp)).isEqualTo(level);
    assertThat(rules.levelForXp(xp - 1)).isEqualTo(level - 1);
    assertThat(rules.xpToNextLevel(xp - 1)).isEqualTo(1);
  }

  @Property
  void tierFor_moreSpend_neverLowerTier(
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long a,
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long extra) {
    VipTier before = RULES.tierFor(a, Fixtures.USD);
    VipTier after = RULES.tierFor(a + extra, Fixtures.USD);

    assertThat(after).isGreaterThanOrEqualTo(before);
  }

  @Property
  void streakBonus_anyDay_withinBaseAndMilestone(@ForAll @IntRange(min = 1) int day) {
    long bonus = RULES.streakBonus(day);

    assertThat(bonus).isBetween(5L, 100L);
    assertThat(bonus == 100).isEqualTo(day % 7 == 0);
  }

  @Provide
  Arbitrary<BigDecimal> storeMultipliers() {
    return Arbitraries.integers().between(10, 1000).map(cents -> BigDecimal.valueOf(cents, 2));
  }

  @Provide
  Arbitrary<Currency> currencies() {
    return Arbitraries.of("USD", "JPY", "BHD", "EUR", "KWD", "CLP").map(Currency::getInstance);
  }
}
