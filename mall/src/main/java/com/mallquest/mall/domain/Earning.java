package com.mallquest.mall.domain;

/**
 * What one purchase earns; computed by {@link EarningRules#earn(Money, Store, VipTier)}.
 *
 * @param coins coins credited to the balance, {@code >= 0}
 * @param xp experience points towards the next level, {@code >= 0}
 */
public record Earning(long coins, long xp) {

  /**
   * @throws InvalidInputException if either value is negative
   */
  public Earning {
    Checks.nonNegative(coins, "coins");
    Checks.nonNegative(xp, "xp");
  }
}
