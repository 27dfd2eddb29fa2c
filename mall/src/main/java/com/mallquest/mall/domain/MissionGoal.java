package com.mallquest.mall.domain;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * What a mission asks for, and how one purchase or check-in moves its progress. Progress is a
 * number that starts at 0 in every window period; the mission is reached when it is at least {@code
 * target}.
 *
 * @param kind what is counted
 * @param target the amount (minor units for the spend kinds), count, number of stores or days; in
 *     {@code [1, }{@value #MAX_TARGET}{@code ]}
 * @param category the store category of {@link GoalKind#CATEGORY_SPEND}; {@code null} otherwise
 * @param storeId the store of {@link GoalKind#STORE_VISIT}; {@code null} otherwise
 */
public record MissionGoal(GoalKind kind, long target, StoreCategory category, StoreId storeId) {

  /** The largest target. */
  public static final long MAX_TARGET = 1_000_000_000_000L;

  /**
   * @throws InvalidInputException if the target is out of range or category/store do not fit the
   *     kind
   */
  public MissionGoal {
    Checks.notNull(kind, "goal.kind");
    if (target < 1 || target > MAX_TARGET) {
      throw new InvalidInputException(
          "goal.target", "goal.target must be in [1, " + MAX_TARGET + "], was " + target);
    }
    if ((kind == GoalKind.CATEGORY_SPEND) != (category != null)) {
      throw new InvalidInputException(
          "goal.category", "goal.category is required for CATEGORY_SPEND and only there");
    }
    if ((kind == GoalKind.STORE_VISIT) != (storeId != null)) {
      throw new InvalidInputException(
          "goal.storeId", "goal.storeId is required for STORE_VISIT and only there");
    }
  }

  /** The category of a {@link GoalKind#CATEGORY_SPEND} goal. */
  public Optional<StoreCategory> categoryFilter() {
    return Optional.ofNullable(category);
  }

  /** The store of a {@link GoalKind#STORE_VISIT} goal. */
  public Optional<StoreId> storeFilter() {
    return Optional.ofNullable(storeId);
  }

  /**
   * Progress after a purchase.
   *
   * @param progress the progress before, {@code >= 0}
   * @param store where the purchase was made
   * @param amountMinor its amount
   * @param firstAtStoreInPeriod whether it is the shopper's first purchase at this store in the
   *     current period (only {@link GoalKind#DISTINCT_STORES} looks at it)
   * @return the new progress; {@code progress} if the purchase does not count; never overflows
   */
  public long afterPurchase(
      long progress, Store store, long amountMinor, boolean firstAtStoreInPeriod) {
    Checks.nonNegative(progress, "progress");
    Checks.notNull(store, "store");
    long delta =
        switch (kind) {
          case SPEND_TOTAL -> amountMinor;
          case PURCHASE_COUNT -> 1;
          case DISTINCT_STORES -> firstAtStoreInPeriod ? 1 : 0;
          case CATEGORY_SPEND -> store.category() == category ? amountMinor : 0;
          case STORE_VISIT -> store.id().equals(storeId) ? 1 : 0;
          case CHECKIN_STREAK -> 0;
        };
    return saturatedAdd(progress, delta);
  }

  /**
   * Progress after a check-in: for {@link GoalKind#CHECKIN_STREAK} the streak counted from the
   * period's first date at the earliest, so a streak begun before the period does not count in it;
   * any other kind keeps {@code progress}.
   *
   * @param progress the progress before
   * @param streak the shopper's streak including this check-in, {@code >= 1}
   * @param checkInDate the local date checked in for
   * @param periodFirstDate the local date on which the current period starts
   */
  public long afterCheckIn(
      long progress, int streak, LocalDate checkInDate, LocalDate periodFirstDate) {
    Checks.nonNegative(progress, "progress");
    if (kind != GoalKind.CHECKIN_STREAK) {
      return progress;
    }
    long daysIntoPeriod = Math.max(1, ChronoUnit.DAYS.between(periodFirstDate, checkInDate) + 1);
    return Math.max(1, Math.min(streak, daysIntoPeriod));
  }

  /** Whether {@code progress} reaches the target. */
  public boolean reachedBy(long progress) {
    return progress >= target;
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < a ? Long.MAX_VALUE : sum;
  }
}
