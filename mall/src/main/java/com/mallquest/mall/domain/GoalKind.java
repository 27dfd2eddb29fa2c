package com.mallquest.mall.domain;

/** What a mission counts. */
public enum GoalKind {
  /** Money spent in the window, in minor units of the mall currency. */
  SPEND_TOTAL,
  /** Purchases in the window. */
  PURCHASE_COUNT,
  /** Different stores bought at in the window. */
  DISTINCT_STORES,
  /** Money spent in stores of one category, in minor units. */
  CATEGORY_SPEND,
  /** Purchases at one named store. */
  STORE_VISIT,
  /** Consecutive check-in days within the window. */
  CHECKIN_STREAK;

  /** Whether purchases move this goal (all but {@link #CHECKIN_STREAK}). */
  public boolean countsPurchases() {
    return this != CHECKIN_STREAK;
  }
}
