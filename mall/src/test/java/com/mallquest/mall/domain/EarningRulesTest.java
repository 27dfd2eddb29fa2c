package com.mallquest.mall.domain;

import static com.mallquest.mall.domain.Fixtures.BHD;
import static com.mallquest.mall.domain.Fixtures.JPY;
import static com.mallquest.mall.domain.Fixtures.RULES;
import static com.mallquest.mall.domain.Fixtures.USD;
import static com.mallquest.mall.domain.Fixtures.store;
import static com.mallquest.mall.domain.Fixtures.usd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EarningRulesTest {

  @Test
  void earn_fractionalMultipliers_floorsCoinsAndXp() {
    // 19.99 x 1.5 x 1.25 = 37.48125
    assertThat(RULES.earn(usd(1999), store("1.5"), VipTier.GOLD)).isEqualTo(new Earning(37, 19));
  }

  @ParameterizedTest(name = "{0} minor at store x{1}, {2} -> {3} coins, {4} xp")
  @CsvSource({
    "1000, 1.0, BRONZE, 10, 10",
    "999, 1.0, SILVER, 10, 9", // 9.99 x 1.1 = 10.989
    "999, 0.1, BRONZE, 0, 9", // 0.999
    "1, 10, PLATINUM, 0, 0", // 0.01 x 10 x 1.5 = 0.15
    "10000, 0.29, BRONZE, 29, 100", // double arithmetic would give 28.999999999999996
    "10000, 2.01, PLATINUM, 301, 100", // 301.5
    "10000000000, 10, PLATINUM, 1500000000, 100000000",
  })
  void earn_examples_exactDecimalFloor(
      long minor, String multiplier, VipTier tier, long coins, long xp) {
    assertThat(RULES.earn(usd(minor), store(multiplier), tier)).isEqualTo(new Earning(coins, xp));
  }

  @Test
  void earn_zeroFractionDigitCurrency_usesWholeUnits() {
    // 1999 JPY x 1.5 x 1.25 = 3748.125
    Earning earning = RULES.earn(new Money(1999, JPY), store("1.5"), VipTier.GOLD);

    assertThat(earning).isEqualTo(new Earning(3748, 1999));
  }

  @Test
  void earn_threeFractionDigitCurrency_usesThousandths() {
    // 12.345 BHD x 1.0 x 1.1 = 13.5795
    Earning earning = RULES.earn(new Money(12_345, BHD), store("1"), VipTier.SILVER);

    assertThat(earning).isEqualTo(new Earning(13, 12));
  }

  @Test
  void earn_zeroAmount_earnsNothing() {
    assertThat(RULES.earn(usd(0), store("10"), VipTier.PLATINUM)).isEqualTo(new Earning(0, 0));
  }

  @ParameterizedTest(name = "{0} minor {1} -> {2}")
  @CsvSource({
    "0, USD, BRONZE",
    "49999, USD, BRONZE",
    "50000, USD, SILVER",
    "199999, USD, SILVER",
    "200000, USD, GOLD",
    "999999, USD, GOLD",
    "1000000, USD, PLATINUM",
    "9223372036854775807, USD, PLATINUM",
    "499, JPY, BRONZE",
    "500, JPY, SILVER",
    "2000, JPY, GOLD",
    "10000, JPY, PLATINUM",
    "499999, BHD, BRONZE",
    "500000, BHD, SILVER",
    "1999999, BHD, SILVER",
    "2000000, BHD, GOLD",
    "10000000, BHD, PLATINUM",
  })
  void tierFor_boundaries_reachTierAtExactThreshold(long minor, String currency, VipTier tier) {
    assertThat(RULES.tierFor(minor, Currency.getInstance(currency))).isEqualTo(tier);
  }

  @Test
  void tierFor_negativeSpend_rejected() {
    assertThatThrownBy(() -> RULES.tierFor(-1, USD))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("-1");
  }

  @ParameterizedTest(name = "level {0} needs {1} xp")
  @CsvSource({"1, 0", "2, 283", "3, 520", "4, 800", "5, 1118", "10, 3162", "100, 100000"})
  void xpForLevel_defaultCurve_roundsBaseTimesPower(int level, long xp) {
    assertThat(RULES.xpForLevel(level)).isEqualTo(xp);
  }

  @ParameterizedTest(name = "{0} xp -> level {1}")
  @CsvSource({
    "0, 1", "282, 1", "283, 2", "519, 2", "520, 3", "799, 3", "800, 4", "1117, 4", "1118, 5"
  })
  void levelForXp_aroundThresholds_returnsLevelReached(long xp, int level) {
    assertThat(RULES.levelForXp(xp)).isEqualTo(level);
  }

  @ParameterizedTest(name = "{0} xp -> {1} to go")
  @CsvSource({"0, 283", "1, 282", "283, 237", "519, 1", "520, 280", "1000, 118"})
  void xpToNextLevel_examples_countRemainingXp(long xp, long remaining) {
    assertThat(RULES.xpToNextLevel(xp)).isEqualTo(remaining);
  }

  @Test
  void levelForXp_hugeXp_stopsAtMaxLevel() {
    assertThat(RULES.levelForXp(Long.MAX_VALUE)).isEqualTo(EarningRules.MAX_LEVEL);
    assertThat(RULES.xpToNextLevel(Long.MAX_VALUE)).isZero();
    long maxLevelXp = RULES.xpForLevel(EarningRules.MAX_LEVEL);
    assertThat(RULES.levelForXp(maxLevelXp)).isEqualTo(EarningRules.MAX_LEVEL);
    assertThat(RULES.levelForXp(maxLevelXp - 1)).isEqualTo(EarningRules.MAX_LEVEL - 1);
  }

  @Test
  void levelForXp_negative_rejectedNamingXp() {
    assertThatThrownBy(() -> RULES.levelForXp(-1))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("xp"));
  }

  @ParameterizedTest
  @CsvSource({"0", "-1", "10001"})
  void xpForLevel_outOfRange_rejectedNamingLevel(int level) {
    assertThatThrownBy(() -> RULES.xpForLevel(level))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("level"))
        .hasMessageContaining(String.valueOf(level));
  }

  @Test
  void streakBonus_daysOneToFourteen_followSchedule() {
    long[] bonuses = IntStream.rangeClosed(1, 14).mapToLong(RULES::streakBonus).toArray();

    assertThat(bonuses).containsExactly(5, 10, 15, 20, 25, 30, 100, 40, 45, 50, 50, 50, 50, 100);
  }

  @ParameterizedTest(name = "day {0} -> {1}")
  @CsvSource({"21, 100", "22, 50", "70, 100", "365, 50", "2147483647, 50", "2147483646, 100"})
  void streakBonus_longStreaks_cappedWithWeeklyMilestone(int day, long bonus) {
    assertThat(RULES.streakBonus(day)).isEqualTo(bonus);
  }

  @Test
  void streakBonus_dayZero_rejected() {
    assertThatThrownBy(() -> RULES.streakBonus(0))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("streakDay"));
  }

  @Test
  void defaults_documentedValues() {
    assertThat(RULES.tierThresholdsMajor())
        .containsExactlyEntriesOf(
            tiers(
                new BigDecimal("0"),
                new BigDecimal("500"),
                new BigDecimal("2000"),
                new BigDecimal("10000")));
    assertThat(RULES.tierCoinMultipliers())
        .containsExactlyEntriesOf(
            tiers(
                new BigDecimal("1.0"),
                new BigDecimal("1.1"),
                new BigDecimal("1.25"),
                new BigDecimal("1.5")));
    assertThat(RULES.levelBaseXp()).isEqualTo(100);
    assertThat(RULES.levelExponent()).isEqualTo(1.5);
    assertThat(RULES.streakBonusBase()).isEqualTo(5);
    assertThat(RULES.streakBonusStep()).isEqualTo(5);
    assertThat(RULES.streakBonusCap()).isEqualTo(50);
    assertThat(RULES.streakMilestoneDays()).isEqualTo(7);
    assertThat(RULES.streakMilestoneBonus()).isEqualTo(100);
  }

  @Test
  void constructor_copiesMaps_laterChangesDoNotLeakIn() {
    Map<VipTier, BigDecimal> thresholds = new EnumMap<>(RULES.tierThresholdsMajor());
    EarningRules rules = withThresholds(thresholds);

    thresholds.put(VipTier.PLATINUM, new BigDecimal("99999"));

    assertThat(rules.tierThresholdsMajor().get(VipTier.PLATINUM)).isEqualByComparingTo("10000");
    assertThatThrownBy(() -> rules.tierThresholdsMajor().put(VipTier.GOLD, BigDecimal.ONE))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void constructor_missingTier_rejected() {
    Map<VipTier, BigDecimal> thresholds = new EnumMap<>(RULES.tierThresholdsMajor());
    thresholds.remove(VipTier.GOLD);

    assertThatThrownBy(() -> withThresholds(thresholds))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> assertThat(e.field()).isEqualTo("tierThresholdsMajor"))
        .hasMessageContaining("GOLD");
  }

  @Test
  void constructor_thresholdsNotIncreasing_rejected() {
    assertThatThrownBy(
            () ->
                withThresholds(
                    tiers(
                        BigDecimal.ZERO,
                        new BigDecimal("500"),
                        new BigDecimal("500"),
                        new BigDecimal("10000"))))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> assertThat(e.field()).isEqualTo("tierThresholdsMajor"))
        .hasMessageContaining("increase");
  }

  @Test
  void constructor_bronzeNotZero_rejected() {
    assertThatThrownBy(
            () ->
                withThresholds(
                    tiers(
                        BigDecimal.ONE,
                        new BigDecimal("500"),
                        new BigDecimal("2000"),
                        new BigDecimal("10000"))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("BRONZE");
  }

  @ParameterizedTest
  @CsvSource({"0", "-1", "10.01"})
  void constructor_tierMultiplierOutOfRange_rejected(String multiplier) {
    Map<VipTier, BigDecimal> multipliers = new EnumMap<>(RULES.tierCoinMultipliers());
    multipliers.put(VipTier.SILVER, new BigDecimal(multiplier));

    assertThatThrownBy(
            () ->
                new EarningRules(
                    RULES.tierThresholdsMajor(), multipliers, 100, 1.5, 5, 5, 50, 7, 100))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> assertThat(e.field()).isEqualTo("tierCoinMultipliers"))
        .hasMessageContaining(multiplier);
  }

  @ParameterizedTest(name = "base {0}, exponent {1}, bonus {2}/{3}/{4}, milestone {5}/{6} -> {7}")
  @CsvSource({
    "0, 1.5, 5, 5, 50, 7, 100, levelBaseXp",
    "100, 0.5, 5, 5, 50, 7, 100, levelExponent",
    "100, NaN, 5, 5, 50, 7, 100, levelExponent",
    "1000000000, 4, 5, 5, 50, 7, 100, levelExponent",
    "100, 1.5, -1, 5, 50, 7, 100, streakBonusBase",
    "100, 1.5, 5, -5, 50, 7, 100, streakBonusStep",
    "100, 1.5, 60, 5, 50, 7, 100, streakBonusCap",
    "100, 1.5, 5, 5, 50, 0, 100, streakMilestoneDays",
    "100, 1.5, 5, 5, 50, 7, 1000001, streakMilestoneBonus",
  })
  void constructor_curveOrBonusOutOfRange_rejectedNamingField(
      long base,
      double exponent,
      long bonusBase,
      long step,
      long cap,
      int days,
      long milestone,
      String field) {
    assertThatThrownBy(
            () ->
                new EarningRules(
                    RULES.tierThresholdsMajor(),
                    RULES.tierCoinMultipliers(),
                    base,
                    exponent,
                    bonusBase,
                    step,
                    cap,
                    days,
                    milestone))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(field));
  }

  @Test
  void constructor_nullMap_rejected() {
    assertThatThrownBy(() -> withThresholds(null))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> assertThat(e.field()).isEqualTo("tierThresholdsMajor"));
  }

  @Test
  void customRules_changeScheduleAndCurve() {
    EarningRules rules =
        new EarningRules(
            RULES.tierThresholdsMajor(), RULES.tierCoinMultipliers(), 50, 2, 1, 2, 10, 5, 25);

    assertThat(rules.xpForLevel(2)).isEqualTo(200);
    assertThat(rules.xpForLevel(3)).isEqualTo(450);
    assertThat(IntStream.rangeClosed(1, 10).mapToLong(rules::streakBonus).toArray())
        .containsExactly(1, 3, 5, 7, 25, 10, 10, 10, 10, 25);
  }

  static EarningRules withThresholds(Map<VipTier, BigDecimal> thresholds) {
    return new EarningRules(thresholds, RULES.tierCoinMultipliers(), 100, 1.5, 5, 5, 50, 7, 100);
  }

  static Map<VipTier, BigDecimal> tiers(
      BigDecimal bronze, BigDecimal silver, BigDecimal gold, BigDecimal platinum) {
    Map<VipTier, BigDecimal> map = new EnumMap<>(VipTier.class);
    map.put(VipTier.BRONZE, bronze);
    map.put(VipTier.SILVER, silver);
    map.put(VipTier.GOLD, gold);
    map.put(VipTier.PLATINUM, platinum);
    return map;
  }
}
