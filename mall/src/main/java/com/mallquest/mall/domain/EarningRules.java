package com.mallquest.mall.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.Currency;
import java.util.EnumMap;
import java.util.Map;

/**
 * The configurable rules for coins, xp, levels, VIP tiers and check-in streaks. The service binds
 * {@code mallquest.rules.*} into this record; {@link #defaults()} gives the documented defaults
 * (also available as {@code DEFAULT_*} constants).
 *
 * <p>Money in the rules is in <em>major</em> units of the mall's currency (500 means 500.00 USD, or
 * 500 JPY), converted exactly with the currency's fraction digits; no floating point touches money.
 * The level curve uses {@code double} ({@link StrictMath}, so it is the same on every JVM) and
 * rounds to whole xp.
 *
 * @param tierThresholdsMajor lifetime spend, in major units, at which each tier starts; every tier
 *     present, {@code BRONZE} at 0, strictly increasing in tier order
 * @param tierCoinMultipliers coin multiplier per tier, every tier present, in {@code (0, 10]}
 * @param levelBaseXp the level curve's base: level {@code n >= 2} needs {@code round(levelBaseXp *
 *     n^levelExponent)} total xp; in {@code [1, 1_000_000_000]}
 * @param levelExponent the level curve's exponent, in {@code [1, 4]}
 * @param streakBonusBase check-in coins on streak day 1, in {@code [0, 1_000_000]}
 * @param streakBonusStep extra coins per further streak day, in {@code [0, 1_000_000]}
 * @param streakBonusCap most coins on an ordinary streak day, {@code >= streakBonusBase}, at most
 *     1_000_000
 * @param streakMilestoneDays every this many streak days (7: days 7, 14, ...) the milestone bonus
 *     replaces the ordinary one; {@code >= 1}
 * @param streakMilestoneBonus coins on a milestone day, in {@code [0, 1_000_000]}
 */
public record EarningRules(
    Map<VipTier, BigDecimal> tierThresholdsMajor,
    Map<VipTier, BigDecimal> tierCoinMultipliers,
    long levelBaseXp,
    double levelExponent,
    long streakBonusBase,
    long streakBonusStep,
    long streakBonusCap,
    int streakMilestoneDays,
    long streakMilestoneBonus) {

  /** The highest level; {@link #levelForXp(long)} never returns more. */
  public static final int MAX_LEVEL = 10_000;

  /** Default of {@link #levelBaseXp()}. */
  public static final long DEFAULT_LEVEL_BASE_XP = 100;

  /** Default of {@link #levelExponent()}. */
  public static final double DEFAULT_LEVEL_EXPONENT = 1.5;

  /** Default of {@link #streakBonusBase()}. */
  public static final long DEFAULT_STREAK_BONUS_BASE = 5;

  /** Default of {@link #streakBonusStep()}. */
  public static final long DEFAULT_STREAK_BONUS_STEP = 5;

  /** Default of {@link #streakBonusCap()}. */
  public static final long DEFAULT_STREAK_BONUS_CAP = 50;

  /** Default of {@link #streakMilestoneDays()}. */
  public static final int DEFAULT_STREAK_MILESTONE_DAYS = 7;

  /** Default of {@link #streakMilestoneBonus()}. */
  public static final long DEFAULT_STREAK_MILESTONE_BONUS = 100;

  private static final long MAX_BONUS = 1_000_000;
  private static final long MAX_LEVEL_BASE_XP = 1_000_000_000;
  private static final BigDecimal MAX_TIER_MULTIPLIER = BigDecimal.TEN;

  /**
   * Copies the maps into unmodifiable {@link EnumMap}s and checks every rule above.
   *
   * @throws InvalidInputException naming the component that breaks its rule
   */
  public EarningRules {
    tierThresholdsMajor = copyAllTiers(tierThresholdsMajor, "tierThresholdsMajor");
    tierCoinMultipliers = copyAllTiers(tierCoinMultipliers, "tierCoinMultipliers");
    checkThresholds(tierThresholdsMajor);
    checkMultipliers(tierCoinMultipliers);
    checkRange(levelBaseXp, 1, MAX_LEVEL_BASE_XP, "levelBaseXp");
    if (!(levelExponent >= 1 && levelExponent <= 4)) {
      throw new InvalidInputException(
          "levelExponent", "levelExponent must be in [1, 4], was " + levelExponent);
    }
    if (!(levelBaseXp * StrictMath.pow(MAX_LEVEL, levelExponent) < Long.MAX_VALUE / 2.0)) {
      throw new InvalidInputException(
          "levelExponent",
          "the level curve overflows before level "
              + MAX_LEVEL
              + ": levelBaseXp="
              + levelBaseXp
              + ", levelExponent="
              + levelExponent);
    }
    checkRange(streakBonusBase, 0, MAX_BONUS, "streakBonusBase");
    checkRange(streakBonusStep, 0, MAX_BONUS, "streakBonusStep");
    checkRange(streakBonusCap, streakBonusBase, MAX_BONUS, "streakBonusCap");
    checkRange(streakMilestoneDays, 1, Integer.MAX_VALUE, "streakMilestoneDays");
    checkRange(streakMilestoneBonus, 0, MAX_BONUS, "streakMilestoneBonus");
  }

  /**
   * The documented defaults: tiers Bronze 0, Silver 500, Gold 2000, Platinum 10000 (major units)
   * with coin multipliers 1.0, 1.1, 1.25, 1.5; level curve {@code round(100 * n^1.5)}; streak bonus
   * 5, +5 per day, capped at 50, and 100 on every 7th day.
   */
  public static EarningRules defaults() {
    Map<VipTier, BigDecimal> thresholds = new EnumMap<>(VipTier.class);
    thresholds.put(VipTier.BRONZE, new BigDecimal("0"));
    thresholds.put(VipTier.SILVER, new BigDecimal("500"));
    thresholds.put(VipTier.GOLD, new BigDecimal("2000"));
    thresholds.put(VipTier.PLATINUM, new BigDecimal("10000"));
    Map<VipTier, BigDecimal> multipliers = new EnumMap<>(VipTier.class);
    multipliers.put(VipTier.BRONZE, new BigDecimal("1.0"));
    multipliers.put(VipTier.SILVER, new BigDecimal("1.1"));
    multipliers.put(VipTier.GOLD, new BigDecimal("1.25"));
    multipliers.put(VipTier.PLATINUM, new BigDecimal("1.5"));
    return new EarningRules(
        thresholds,
        multipliers,
        DEFAULT_LEVEL_BASE_XP,
        DEFAULT_LEVEL_EXPONENT,
        DEFAULT_STREAK_BONUS_BASE,
        DEFAULT_STREAK_BONUS_STEP,
        DEFAULT_STREAK_BONUS_CAP,
        DEFAULT_STREAK_MILESTONE_DAYS,
        DEFAULT_STREAK_MILESTONE_BONUS);
  }

  /**
   * What a purchase earns. Coins are {@code floor(amount x store multiplier x tier multiplier)} and
   * xp is {@code floor(amount)}, with the amount in major units and exact decimal arithmetic.
   *
   * <p>The tier is the shopper's tier <em>before</em> this purchase: a purchase that lifts a
   * shopper into a higher tier earns at the old tier's rate, and the new rate applies from the next
   * purchase on. That keeps one purchase's reward independent of its own size crossing a threshold.
   *
   * @param amount the purchase amount
   * @param store the store where it was made (its coin multiplier applies; activity is not checked
   *     here)
   * @param tierBeforePurchase the shopper's tier before the purchase
   */
  public Earning earn(Money amount, Store store, VipTier tierBeforePurchase) {
    Checks.notNull(amount, "amount");
    Checks.notNull(store, "store");
    Checks.notNull(tierBeforePurchase, "vipTier");
    BigDecimal major = amount.major();
    BigDecimal coins =
        major
            .multiply(store.coinMultiplier())
            .multiply(tierCoinMultipliers.get(tierBeforePurchase));
    return new Earning(floor(coins), floor(major));
  }

  /** The tier a lifetime spend qualifies for: the highest tier whose threshold it reaches. */
  public VipTier tierFor(long lifetimeSpendMinor, Currency currency) {
    BigDecimal spend = new Money(lifetimeSpendMinor, currency).major();
    VipTier[] tiers = VipTier.values();
    for (int i = tiers.length - 1; i > 0; i--) {
      if (spend.compareTo(tierThresholdsMajor.get(tiers[i])) >= 0) {
        return tiers[i];
      }
    }
    return tiers[0];
  }

  /**
   * The level a total xp reaches. Shoppers start at level 1 with 0 xp; level {@code n >= 2} needs
   * {@link #xpForLevel(int)} total xp. Never more than {@link #MAX_LEVEL}.
   *
   * @throws InvalidInputException (field {@code "xp"}) if {@code xp} is negative
   */
  public int levelForXp(long xp) {
    Checks.nonNegative(xp, "xp");
    int low = 1;
    int high = MAX_LEVEL;
    while (low < high) {
      int mid = (low + high + 1) >>> 1;
      if (xpForLevel(mid) <= xp) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    return low;
  }

  /**
   * The total xp that reaches {@code level}: 0 for level 1, {@code round(levelBaseXp *
   * level^levelExponent)} above (defaults: level 2 needs 283, 3 needs 520, 4 needs 800, 5 needs
   * 1118). Strictly increasing in {@code level}.
   *
   * @throws InvalidInputException (field {@code "level"}) outside {@code [1, MAX_LEVEL]}
   */
  public long xpForLevel(int level) {
    checkRange(level, 1, MAX_LEVEL, "level");
    if (level == 1) {
      return 0;
    }
    return Math.round(levelBaseXp * StrictMath.pow(level, levelExponent));
  }

  /** The xp still needed from {@code xp} to the next level; 0 at {@link #MAX_LEVEL}. */
  public long xpToNextLevel(long xp) {
    int level = levelForXp(xp);
    return level == MAX_LEVEL ? 0 : xpForLevel(level + 1) - xp;
  }

  /**
   * The check-in bonus for day {@code streakDay} of a streak: {@code streakMilestoneBonus} when the
   * day is a multiple of {@code streakMilestoneDays}, otherwise {@code min(streakBonusBase +
   * streakBonusStep x (day - 1), streakBonusCap)}. Defaults: day 1 5, day 2 10, ..., day 10 and
   * later 50, days 7, 14, 21, ... 100.
   *
   * @throws InvalidInputException (field {@code "streakDay"}) if {@code streakDay < 1}
   */
  public long streakBonus(int streakDay) {
    checkRange(streakDay, 1, Integer.MAX_VALUE, "streakDay");
    if (streakDay % streakMilestoneDays == 0) {
      return streakMilestoneBonus;
    }
    // step <= 1e6 and day < 2^31, so the product fits a long.
    return Math.min(streakBonusBase + streakBonusStep * (streakDay - 1L), streakBonusCap);
  }

  private static long floor(BigDecimal value) {
    return value.setScale(0, RoundingMode.FLOOR).longValueExact();
  }

  private static Map<VipTier, BigDecimal> copyAllTiers(Map<VipTier, BigDecimal> map, String field) {
    Checks.notNull(map, field);
    Map<VipTier, BigDecimal> copy = new EnumMap<>(VipTier.class);
    for (VipTier tier : VipTier.values()) {
      BigDecimal value = map.get(tier);
      if (value == null) {
        throw new InvalidInputException(
            field, field + " must have a value for every tier, missing " + tier + " in " + map);
      }
      copy.put(tier, value);
    }
    if (map.size() != copy.size()) {
      throw new InvalidInputException(field, field + " has keys that are not tiers: " + map);
    }
    return Collections.unmodifiableMap(copy);
  }

  private static void checkThresholds(Map<VipTier, BigDecimal> thresholds) {
    String field = "tierThresholdsMajor";
    if (thresholds.get(VipTier.BRONZE).signum() != 0) {
      throw new InvalidInputException(
          field, field + " must start BRONZE at 0, was " + thresholds.get(VipTier.BRONZE));
    }
    BigDecimal previous = null;
    for (BigDecimal threshold : thresholds.values()) {
      if (previous != null && threshold.compareTo(previous) <= 0) {
        throw new InvalidInputException(
            field, field + " must increase strictly from tier to tier, was " + thresholds);
      }
      previous = threshold;
    }
  }

  private static void checkMultipliers(Map<VipTier, BigDecimal> multipliers) {
    for (Map.Entry<VipTier, BigDecimal> entry : multipliers.entrySet()) {
      BigDecimal value = entry.getValue();
      if (value.signum() <= 0 || value.compareTo(MAX_TIER_MULTIPLIER) > 0) {
        throw new InvalidInputException(
            "tierCoinMultipliers",
            "tierCoinMultipliers must be in (0, 10], was " + value + " for " + entry.getKey());
      }
    }
  }

  private static void checkRange(long value, long min, long max, String field) {
    if (value < min || value > max) {
      throw new InvalidInputException(
          field, field + " must be in [" + min + ", " + max + "], was " + value);
    }
  }
}
