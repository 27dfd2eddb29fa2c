package com.mallquest.mall.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** How each goal kind moves with a purchase or a check-in. */
class MissionGoalTest {

  private final Store food =
      Store.create(StoreId.of("food-1"), "Deli", StoreCategory.FOOD, "G", BigDecimal.ONE);
  private final Store fashion =
      Store.create(StoreId.of("fashion-1"), "Zara", StoreCategory.FASHION, "L1", BigDecimal.ONE);

  @Test
  void spendTotal_addsTheAmountOfEveryPurchase() {
    MissionGoal goal = new MissionGoal(GoalKind.SPEND_TOTAL, 10_000, null, null);

    long progress = goal.afterPurchase(0, food, 6_000, true);
    progress = goal.afterPurchase(progress, fashion, 4_500, true);

    assertThat(progress).isEqualTo(10_500);
    assertThat(goal.reachedBy(progress)).isTrue();
    assertThat(goal.reachedBy(9_999)).isFalse();
  }

  @Test
  void purchaseCount_countsOnePerPurchase() {
    MissionGoal goal = new MissionGoal(GoalKind.PURCHASE_COUNT, 3, null, null);

    assertThat(goal.afterPurchase(2, food, 1, false)).isEqualTo(3);
  }

  @Test
  void distinctStores_countsOnlyTheFirstPurchaseAtAStore() {
    MissionGoal goal = new MissionGoal(GoalKind.DISTINCT_STORES, 2, null, null);

    assertThat(goal.afterPurchase(1, food, 500, false)).isEqualTo(1);
    assertThat(goal.afterPurchase(1, fashion, 500, true)).isEqualTo(2);
  }

  @Test
  void categorySpend_countsOnlyStoresOfTheCategory() {
    MissionGoal goal = new MissionGoal(GoalKind.CATEGORY_SPEND, 5_000, StoreCategory.FASHION, null);

    assertThat(goal.afterPurchase(100, food, 9_000, true)).isEqualTo(100);
    assertThat(goal.afterPurchase(100, fashion, 9_000, true)).isEqualTo(9_100);
  }

  @Test
  void storeVisit_countsOnlyTheNamedStore() {
    MissionGoal goal = new MissionGoal(GoalKind.STORE_VISIT, 1, null, fashion.id());

    assertThat(goal.afterPurchase(0, food, 9_000, true)).isZero();
    assertThat(goal.reachedBy(goal.afterPurchase(0, fashion, 1, true))).isTrue();
  }

  @Test
  void checkinStreak_purchasesDoNotCount_checkInsCountTheStreakInsideThePeriod() {
    MissionGoal goal = new MissionGoal(GoalKind.CHECKIN_STREAK, 5, null, null);
    LocalDate monday = LocalDate.parse("2026-11-23");

    assertThat(goal.afterPurchase(2, food, 9_000, true)).isEqualTo(2);
    // A 10-day streak on the period's third day counts 3 days, not the 7 before the period began.
    assertThat(goal.afterCheckIn(2, 10, monday.plusDays(2), monday)).isEqualTo(3);
    assertThat(goal.afterCheckIn(4, 5, monday.plusDays(4), monday)).isEqualTo(5);
    // A broken streak starts again at 1.
    assertThat(goal.afterCheckIn(3, 1, monday.plusDays(5), monday)).isEqualTo(1);
  }

  @Test
  void otherKinds_ignoreCheckIns() {
    MissionGoal goal = new MissionGoal(GoalKind.PURCHASE_COUNT, 5, null, null);

    assertThat(
            goal.afterCheckIn(2, 9, LocalDate.parse("2026-11-23"), LocalDate.parse("2026-11-01")))
        .isEqualTo(2);
  }

  @Test
  void spendTotal_hugeProgress_saturatesInsteadOfOverflowing() {
    MissionGoal goal = new MissionGoal(GoalKind.SPEND_TOTAL, 10, null, null);

    assertThat(goal.afterPurchase(Long.MAX_VALUE - 1, food, 10, true)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void construct_categoryOrStoreThatDoesNotFitTheKind_isRefusedNamingTheField() {
    assertThatThrownBy(() -> new MissionGoal(GoalKind.CATEGORY_SPEND, 1, null, null))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("goal.category"));
    assertThatThrownBy(() -> new MissionGoal(GoalKind.SPEND_TOTAL, 1, null, StoreId.of("s")))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("goal.storeId"));
    assertThatThrownBy(() -> new MissionGoal(GoalKind.SPEND_TOTAL, 0, null, null))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("goal.target"));
  }
}
